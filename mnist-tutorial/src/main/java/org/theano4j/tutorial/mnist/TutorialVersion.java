package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The version printed by {@code -V} / {@code --version}, found where the build put it, so that
 * it is never written twice: the jar manifest's {@code Implementation-Version}, else the
 * {@code pom.properties} that Maven puts into every jar, else (classes run from an IDE or by
 * the tests, {@code target/classes}) the {@code <version>} of the module's {@code pom.xml}.
 */
public final class TutorialVersion implements IVersionProvider {
  /** Maven's descriptor inside the jar. */
  static final String POM_PROPERTIES =
      "/META-INF/maven/org.theano4j/theano4j-mnist-tutorial/pom.properties";

  /** The command asking (picocli injects it): its name starts the line. */
  @Spec CommandSpec spec;

  @Override
  public String[] getVersion() {
    return new String[] {(spec == null ? "logistic-sgd" : spec.name()) + " (Theano4J) "
        + version()};
  }

  /** The version of this build, or {@code "unknown"} when no source above has it. */
  public static String version() {
    String v = LogisticSgd.class.getPackage().getImplementationVersion();
    if (v == null) {
      v = fromPomProperties();
    }
    if (v == null) {
      v = fromModulePom();
    }
    return v != null ? v : "unknown";
  }

  private static String fromPomProperties() {
    try (InputStream in = TutorialVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code target/classes/../../pom.xml}: the project's version, or its parent's. */
  private static String fromModulePom() {
    try {
      Path classes = Path.of(TutorialVersion.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      Path pom = classes.resolveSibling("../pom.xml").normalize();
      if (!Files.isDirectory(classes) || !Files.isRegularFile(pom)) {
        return null;
      }
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element project = f.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
      String own = childText(project, "version");
      if (own != null) {
        return own;
      }
      Element parent = child(project, "parent");
      return parent == null ? null : childText(parent, "version");
    } catch (URISyntaxException | IOException | SAXException | ParserConfigurationException
        | RuntimeException e) {
      return null;
    }
  }

  private static Element child(Element e, String name) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static String childText(Element e, String name) {
    Element c = child(e, name);
    return c == null ? null : c.getTextContent().strip();
  }
}

package org.theano4j.apigen;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.ReferenceTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTreePath;
import com.sun.source.util.DocTreePathScanner;
import com.sun.source.util.DocTrees;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Generates the facade's functions from {@link Api} marks: the abstract class
 * {@value #GENERATED} (no instances) in the package of the marked elements, which the facade
 * {@value #FACADE} extends, so that {@code T.erf(x)} is an inherited static method. See
 * {@link Api} for what each mark generates.
 *
 * <p>Every mistake is a compile error on the marked element, so no half-made facade is ever
 * compiled: an enum constant whose arity is not an int literal, {@link Api#params} of the
 * wrong length, a name that is not a Java identifier, a marked method that is not static or is
 * private, two functions with one signature, a javadoc reference that does not resolve.
 */
@SupportedAnnotationTypes(ApiProcessor.API)
public final class ApiProcessor extends AbstractProcessor {
  /** {@link Api}'s name (an annotation value must be a constant; a test checks it). */
  static final String API = "org.theano4j.apigen.Api";
  /** The facade class, in the marked elements' package. */
  static final String FACADE = "T";
  /** The facade's method that builds an elementwise node: {@code elemwise(op, Object... args)}. */
  static final String ELEMWISE = "elemwise";
  /** The generated class. */
  static final String GENERATED = "TFunctions";

  private static final Pattern REFERENCE = Pattern.compile(
      "(\\{@link(?:plain)?\\s+|\\{@value\\s+|@see\\s+|@throws\\s+|@exception\\s+)"
      + "([^\\s}(]*(?:\\([^)]*\\))?)");

  private boolean generated;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /** One generated function. */
  private record Function(Element origin, String name, String doc, String returnType,
      List<String> paramTypes, List<String> paramNames, List<String> thrown, String body) {
    /** Name and parameter types, varargs as arrays: what must be unique in a class. */
    String signature() {
      return name + "(" + String.join(", ", paramTypes).replace("...", "[]") + ")";
    }
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (generated || round.processingOver()) {
      return false;
    }
    TypeElement api = processingEnv.getElementUtils().getTypeElement(API);
    if (api == null) {
      return false;
    }
    Set<? extends Element> marked = round.getElementsAnnotatedWith(api);
    if (marked.isEmpty()) {
      return false;
    }
    DocTrees trees;
    try {
      trees = DocTrees.instance(processingEnv);
    } catch (IllegalArgumentException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@Api needs javac's tree"
          + " API (com.sun.source) to read an enum constant's arity; this compiler does not"
          + " offer it: " + e.getMessage());
      return true;
    }
    generated = true;
    new Generation(trees, marked).run();
    return true;
  }

  /** One run over the marked elements. */
  private final class Generation {
    private final DocTrees trees;
    private final Set<? extends Element> marked;
    private final List<Function> functions = new ArrayList<>();
    private PackageElement pkg;

    Generation(DocTrees trees, Set<? extends Element> marked) {
      this.trees = trees;
      this.marked = marked;
    }

    void run() {
      // Each constant once, whether its enum is marked, it is, or both; the functions are
      // written sorted by name (then in declaration order), whatever order javac gives.
      Set<Element> seen = new HashSet<>();
      for (Element e : marked) {
        if (!samePackage(e)) {
          continue;
        }
        if (e.getKind() == ElementKind.ENUM) {
          for (Element c : e.getEnclosedElements()) {
            if (c.getKind() == ElementKind.ENUM_CONSTANT && seen.add(c)) {
              constant((VariableElement) c);
            }
          }
        } else if (e.getKind() == ElementKind.ENUM_CONSTANT) {
          if (seen.add(e)) {
            constant((VariableElement) e);
          }
        } else if (e.getKind() == ElementKind.METHOD) {
          method((ExecutableElement) e);
        } else {
          error(e, "@Api marks an enum, an enum constant or a static method, not a "
              + e.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
      }
      functions.sort(Comparator.comparing(Function::name));
      Map<String, Function> bySignature = new LinkedHashMap<>();
      for (Function f : functions) {
        Function other = bySignature.putIfAbsent(f.signature(), f);
        if (other != null) {
          error(f.origin(), "@Api: " + FACADE + "." + f.signature() + " is generated twice, from "
              + describe(other.origin()) + " and from " + describe(f.origin())
              + "; give one of them another name with @Api(name = ...)");
        }
      }
      // Written even after an error (without the functions in error, the compilation fails
      // anyway), so that the errors above are the only ones rather than a cascade of
      // "cannot find symbol TFunctions" wherever the facade is used.
      functions.retainAll(bySignature.values());
      write();
    }

    private boolean samePackage(Element e) {
      PackageElement p = processingEnv.getElementUtils().getPackageOf(e);
      if (pkg == null) {
        pkg = p;
        return true;
      }
      if (!pkg.equals(p)) {
        error(e, "@Api elements must all be in one package (the facade's), here "
            + pkg.getQualifiedName() + ", but " + describe(e) + " is in " + p.getQualifiedName());
        return false;
      }
      return true;
    }

    /** An elementwise function from an enum constant. */
    private void constant(VariableElement c) {
      TypeElement owner = (TypeElement) c.getEnclosingElement();
      Api mark = c.getAnnotation(Api.class);
      Integer arity = arity(c);
      if (arity == null) {
        return;
      }
      String name = mark != null && !mark.name().isEmpty() ? mark.name()
          : lowerCamel(c.getSimpleName().toString());
      if (!validName(c, name)) {
        return;
      }
      List<String> params;
      if (mark != null && mark.params().length > 0) {
        params = List.of(mark.params());
        if (params.size() != arity) {
          error(c, "@Api(params = " + params + ") names " + params.size() + " parameter"
              + (params.size() == 1 ? "" : "s") + ", but " + describe(c) + " has arity "
              + arity + " (its first constructor argument)");
          return;
        }
        for (String p : params) {
          if (!SourceVersion.isName(p)) {
            error(c, "@Api(params): '" + p + "' is not a Java identifier");
            return;
          }
        }
        if (new HashSet<>(params).size() != params.size()) {
          error(c, "@Api(params = " + params + ") repeats a name");
          return;
        }
      } else {
        params = arity == 1 ? List.of("x") : List.of("a", "b", "c", "d", "e", "f")
            .subList(0, Math.min(arity, 6));
        if (params.size() != arity) {
          error(c, describe(c) + " has arity " + arity + "; name its parameters with "
              + "@Api(params = {...})");
          return;
        }
      }
      ExecutableElement elemwise = elemwiseFactory(c);
      if (elemwise == null) {
        return;
      }
      List<String> types = new ArrayList<>();
      for (int i = 0; i < arity; i++) {
        types.add("java.lang.Object");
      }
      String body = "return " + FACADE + "." + ELEMWISE + "(" + owner.getQualifiedName() + "."
          + c.getSimpleName() + (params.isEmpty() ? "" : ", " + String.join(", ", params)) + ");";
      functions.add(new Function(c, name, doc(c), elemwise.getReturnType().toString(), types,
          params, List.of(), body));
    }

    /** The arity: the constant's first constructor argument, an int literal. */
    private Integer arity(VariableElement c) {
      Tree tree = trees.getTree(c);
      if (tree instanceof VariableTree v && v.getInitializer() instanceof NewClassTree n
          && !n.getArguments().isEmpty()) {
        ExpressionTree first = n.getArguments().get(0);
        if (first instanceof LiteralTree l && l.getValue() instanceof Integer a && a >= 0) {
          return a;
        }
      }
      error(c, "@Api: cannot read the arity of " + describe(c) + ": its first constructor "
          + "argument must be the number of arguments as an int literal, e.g. ERF(1, ...)");
      return null;
    }

    /** {@code T.elemwise(op, Object... args)}, whose return type the functions share. */
    private ExecutableElement elemwiseFactory(Element at) {
      TypeElement facade = processingEnv.getElementUtils().getTypeElement(
          pkg.getQualifiedName() + "." + FACADE);
      if (facade != null) {
        for (ExecutableElement m : ElementFilter.methodsIn(facade.getEnclosedElements())) {
          if (m.getSimpleName().contentEquals(ELEMWISE) && m.isVarArgs()
              && m.getModifiers().contains(Modifier.STATIC) && m.getParameters().size() == 2) {
            return m;
          }
        }
      }
      error(at, "@Api on an enum constant needs the facade " + pkg.getQualifiedName() + "."
          + FACADE + " with a static method " + ELEMWISE + "(op, Object... args)");
      return null;
    }

    /** A delegate of a static factory method. */
    private void method(ExecutableElement m) {
      Api mark = m.getAnnotation(Api.class);
      String name = mark.name().isEmpty() ? m.getSimpleName().toString() : mark.name();
      if (mark.params().length > 0) {
        error(m, "@Api(params) is for enum constants; a method's parameters are its own");
        return;
      }
      if (!m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(
          Modifier.PRIVATE)) {
        error(m, "@Api method " + describe(m) + " must be static and not private (T."
            + name + " calls it)");
        return;
      }
      if (m.getReturnType().getKind() == TypeKind.VOID || !m.getTypeParameters().isEmpty()) {
        error(m, "@Api method " + describe(m) + " must return a value and have no type "
            + "parameters");
        return;
      }
      if (!validName(m, name)) {
        return;
      }
      List<String> types = new ArrayList<>();
      List<String> names = new ArrayList<>();
      List<? extends VariableElement> ps = m.getParameters();
      for (int i = 0; i < ps.size(); i++) {
        String t = ps.get(i).asType().toString();
        if (m.isVarArgs() && i == ps.size() - 1) {
          t = t.substring(0, t.length() - 2) + "...";
        }
        types.add(t);
        names.add(ps.get(i).getSimpleName().toString());
      }
      List<String> thrown = new ArrayList<>();
      for (TypeMirror t : m.getThrownTypes()) {
        thrown.add(t.toString());
      }
      TypeElement owner = (TypeElement) m.getEnclosingElement();
      String body = "return " + owner.getQualifiedName() + "." + m.getSimpleName() + "(" + String.join(", ", names)
          + ");";
      functions.add(new Function(m, name, doc(m), m.getReturnType().toString(), types, names,
          thrown, body));
    }

    private boolean validName(Element e, String name) {
      if (!SourceVersion.isName(name)) {
        error(e, "@Api: '" + name + "' (the name of " + describe(e) + " on " + FACADE + ") is "
            + "not a Java identifier; give one with @Api(name = ...)");
        return false;
      }
      return true;
    }

    /** The element's doc comment with every reference fully qualified; null if none. */
    private String doc(Element e) {
      String raw = processingEnv.getElementUtils().getDocComment(e);
      if (raw == null) {
        return null;
      }
      TreePath path = trees.getPath(e);
      DocCommentTree comment = path == null ? null : trees.getDocCommentTree(e);
      if (comment == null) {
        return raw;
      }
      Map<String, String> qualified = new LinkedHashMap<>();
      new DocTreePathScanner<Void, Void>() {
        @Override
        public Void visitReference(ReferenceTree ref, Void unused) {
          String sig = ref.getSignature();
          Element target = trees.getElement(getCurrentPath());
          if (target == null) {
            error(e, "@Api: the javadoc reference '" + sig + "' of " + describe(e) + " does not"
                + " resolve; the comment is copied to " + GENERATED + ", so it must");
          } else {
            qualified.put(sig.replaceAll("\\s", ""), qualify(sig, target));
          }
          return null;
        }
      }.scan(new DocTreePath(path, comment), null);
      Matcher m = REFERENCE.matcher(raw);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String sig = m.group(2);
        String q = qualified.getOrDefault(sig.replaceAll("\\s", ""), sig);
        // A {@link} without a label keeps the text it showed where it was written
        // ("eye(Object, Object, Object)", "T.sum"), not the qualified name.
        boolean unlabelled = m.group(1).startsWith("{@link") && !q.equals(sig)
            && raw.startsWith("}", m.end());
        String label = sig.startsWith("#") ? sig.substring(1) : sig.replace('#', '.');
        m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + q
            + (unlabelled ? " " + label : "")));
      }
      m.appendTail(out);
      return out.toString();
    }

    /**
     * {@code sig} naming {@code target} by fully qualified names, valid in any class; a marked
     * factory method is named by its generated function on the facade.
     */
    private String qualify(String sig, Element target) {
      if (target instanceof PackageElement p) {
        return p.getQualifiedName().toString();
      }
      if (target instanceof TypeElement t) {
        return t.getQualifiedName().toString();
      }
      TypeElement owner = (TypeElement) target.getEnclosingElement();
      String member = target.getSimpleName().toString();
      Api mark = target.getAnnotation(Api.class);
      if (target instanceof ExecutableElement && mark != null) {
        owner = processingEnv.getElementUtils().getTypeElement(pkg.getQualifiedName() + "."
            + FACADE);
        member = mark.name().isEmpty() ? member : mark.name();
      }
      if (target instanceof ExecutableElement x && sig.contains("(")) {
        List<String> ps = new ArrayList<>();
        for (VariableElement p : x.getParameters()) {
          ps.add(processingEnv.getTypeUtils().erasure(p.asType()).toString());
        }
        member += "(" + String.join(", ", ps) + ")";
      }
      return owner.getQualifiedName() + "#" + member;
    }

    private void write() {
      String pkgName = pkg.getQualifiedName().toString();
      StringBuilder s = new StringBuilder();
      s.append("package ").append(pkgName).append(";\n\n");
      s.append("/**\n * The functions of {@link ").append(FACADE).append("} that are written once"
          + " elsewhere: one per\n * value of the scalar table and one per op factory marked"
          + " {@code @Api}. Generated by\n * {@code ").append(ApiProcessor.class.getName())
          .append("} when this module compiles; do not edit.\n * Call them as {@code ")
          .append(FACADE).append(".name(...)}.\n */\n");
      s.append("@javax.annotation.processing.Generated(\"").append(ApiProcessor.class.getName())
          .append("\")\n");
      s.append("public abstract class ").append(GENERATED).append(" {\n");
      s.append("  ").append(GENERATED).append("() {}\n");
      for (Function f : functions) {
        s.append('\n');
        String[] doc = f.doc() == null ? new String[0] : f.doc().strip().split("\n", -1);
        if (doc.length == 1) {
          s.append("  /** ").append(doc[0]).append(" */\n");
        } else if (doc.length > 1) {
          s.append("  /**\n");
          for (String line : doc) {
            s.append(line.isBlank() ? "   *" : "   * " + line.stripTrailing().replaceFirst("^ ",
                "")).append('\n');
          }
          s.append("   */\n");
        }
        s.append("  public static ").append(f.returnType()).append(' ').append(f.name())
            .append('(');
        for (int i = 0; i < f.paramTypes().size(); i++) {
          s.append(i == 0 ? "" : ", ").append(f.paramTypes().get(i)).append(' ')
              .append(f.paramNames().get(i));
        }
        s.append(')');
        if (!f.thrown().isEmpty()) {
          s.append(" throws ").append(String.join(", ", f.thrown()));
        }
        s.append(" {\n    ").append(f.body()).append("\n  }\n");
      }
      s.append("}\n");
      Element[] origins = functions.stream().map(Function::origin).toArray(Element[]::new);
      try (Writer w = processingEnv.getFiler().createSourceFile(pkgName + "." + GENERATED,
          origins).openWriter()) {
        w.write(s.toString());
      } catch (IOException e) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@Api: cannot write "
            + pkgName + "." + GENERATED + ": " + e.getMessage());
      }
    }

    private void error(Element e, String message) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, e);
    }
  }

  static String lowerCamel(String constant) {
    StringBuilder s = new StringBuilder();
    boolean up = false;
    for (char ch : constant.toCharArray()) {
      if (ch == '_') {
        up = s.length() > 0;
      } else {
        s.append(up ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
        up = false;
      }
    }
    return s.toString();
  }

  private static String describe(Element e) {
    Element owner = e.getEnclosingElement();
    String where = owner instanceof TypeElement t ? t.getSimpleName() + "." : "";
    return where + e.getSimpleName() + (e instanceof ExecutableElement ? "(...)" : "");
  }
}

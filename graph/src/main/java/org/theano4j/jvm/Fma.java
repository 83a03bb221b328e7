package org.theano4j.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The one place that decides whether the float32 passes may use {@link Math#fma}: only where
 * the JIT compiles it to the processor's fused multiply-add. Without hardware FMA,
 * {@code Math.fma} is a {@code BigDecimal} computation, hundreds of times slower than a
 * multiply and an add.
 *
 * <p>{@code -Dtheano4j.jvm.fma=auto} (the default) asks HotSpot's {@code UseFMA} option, read
 * once; any failure (another VM, no {@code jdk.management} module, no such option) reads as
 * no FMA. {@code true} and {@code false} override the check (for measurements and tests;
 * {@code true} on a machine without FMA is correct but slow). Any other value is an error.
 */
final class Fma {
  /** The system property. */
  static final String PROPERTY = "theano4j.jvm.fma";

  /** Whether {@link Math#fma} is used: decided once, at class initialisation. */
  static final boolean FAST = decide(System.getProperty(PROPERTY), Fma::vmUsesFma);

  private Fma() {}

  /** What {@code -Dtheano4j.jvm.fma=value} means; {@code auto} (or no value) asks {@code vm}. */
  static boolean decide(String value, java.util.function.BooleanSupplier vm) {
    String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "auto", "" -> vm.getAsBoolean();
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be auto, true or false, not \"" + value + "\"");
    };
  }

  /** HotSpot's {@code UseFMA}; false when it cannot be read. */
  static boolean vmUsesFma() {
    try {
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return bean != null && Boolean.parseBoolean(bean.getVMOption("UseFMA").getValue());
    } catch (Throwable e) { // LinkageError without jdk.management, IllegalArgumentException, ...
      return false;
    }
  }
}

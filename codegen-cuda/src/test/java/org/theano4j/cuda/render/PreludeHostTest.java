package org.theano4j.cuda.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.RandomDraw;
import org.theano4j.tensor.ScalarMath;

/**
 * The C prelude's {@code mod}, floor division, sign, clip, digamma and trigamma, and C's
 * {@code pow} (what {@link ScalarCalls} renders for float POW, MOD, INT_DIV, SIGN, CLIP, PSI and
 * TRIGAMMA), agree with {@link ScalarMath} — the JVM kernels' and the
 * interpreter's definition — on every pair (triple) of special values: signed zeros, ±1,
 * infinities, NaN. The prelude is compiled for the host with g++ (the CUDA qualifiers defined
 * away), so this runs without a GPU; skipped where there is no g++.
 */
class PreludeHostTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  /** The prelude's CUDA built-ins, defined for a host compiler. */
  private static final String HOST_HEADER = """
      #include <cmath>
      #include <cstdio>
      #include <cstring>
      using namespace std;
      #define __device__
      #define __forceinline__ inline
      static float __int_as_float(int i) { float f; memcpy(&f, &i, 4); return f; }
      static double __longlong_as_double(long long i) { double d; memcpy(&d, &i, 8); return d; }
      static double __dadd_rn(double a, double b) { return a + b; }
      static double __dmul_rn(double a, double b) { return a * b; }
      """;
  private static final double[] SPECIAL = {0.0, -0.0, 1, -1, 2, -2, 0.5, 3, -4, 7, -0.75, INF, -INF,
      Double.NaN};
  /** Arguments for each branch of psi and trigamma: series, recurrences, reflection, poles. */
  private static final double[] SPECIAL_ARGS = {1e-300, 1e-8, 0.3, 0.9, 1.2, 1.4616321449683622,
      1.6, 2.4, 3.7, 9.99, 10, 12.5, 1e6, 1e300, -0.3, -0.4999, -0.75, -1.5, -2.5, -9.99, -10.1,
      -100.3, -3, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE};

  @Test
  void powModFloorDivSignClipPsiTrigammaMatchScalarMath(@TempDir Path dir) throws Exception {
    Path gxx = onPath("g++");
    assumeTrue(gxx != null, "no g++ on the PATH");
    StringBuilder src = new StringBuilder(HOST_HEADER).append(Prelude.TEXT).append("""
        static void out(double v) { printf("%.17g\\n", v); }
        int main() {
          const double inf = INFINITY;
          double s[] = {""");
    for (int i = 0; i < SPECIAL.length; i++) {
      src.append(i > 0 ? ", " : "").append(cLiteral(SPECIAL[i]));
    }
    src.append("};\n  double sf[] = {");
    for (int i = 0; i < SPECIAL_ARGS.length; i++) {
      src.append(i > 0 ? ", " : "").append(cLiteral(SPECIAL_ARGS[i]));
    }
    src.append("""
        };
          int n = sizeof(s) / sizeof(s[0]);
          for (int i = 0; i < n; i++) {
            out(t4j_sign(s[i]));
            out((double) t4j_sign((float) s[i]));
          }
          for (int i = 0; i < n; i++) {
            out(t4j_psi(s[i]));
            out((double) t4j_psi((float) s[i]));
            out(t4j_trigamma(s[i]));
            out((double) t4j_trigamma((float) s[i]));
          }
          for (int i = 0; i < sizeof(sf) / sizeof(sf[0]); i++) {
            out(t4j_psi(sf[i]));
            out(t4j_trigamma(sf[i]));
          }
          for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            out(pow(s[i], s[j]));
            out(t4j_mod(s[i], s[j]));
            out((double) pow((float) s[i], (float) s[j]));
            out((double) t4j_mod((float) s[i], (float) s[j]));
            out(t4j_floor_divide(s[i], s[j]));
            out((double) t4j_floor_divide((float) s[i], (float) s[j]));
            for (int k = 0; k < n; k++) out(t4j_minimum(t4j_maximum(s[i], s[j]), s[k]));
          }
          return 0;
        }
        """);
    Path c = dir.resolve("prelude_host.cpp");
    Files.writeString(c, src, StandardCharsets.UTF_8);
    Path exe = dir.resolve("prelude_host");
    run(List.of(gxx.toString(), "-O0", "-o", exe.toString(), c.toString()));
    String[] lines = run(List.of(exe.toString())).split("\n");
    List<String> mismatches = new ArrayList<>();
    int at = 0;
    for (double a : SPECIAL) {
      compare(mismatches, "sign(" + a + ")", lines[at++], ScalarMath.sign(a));
      compare(mismatches, "float sign(" + a + ")", lines[at++], (float) ScalarMath.sign(a));
    }
    for (double a : SPECIAL) {
      compare(mismatches, "psi(" + a + ")", lines[at++], ScalarMath.psi(a));
      compare(mismatches, "float psi(" + a + ")", lines[at++], (float) ScalarMath.psi((float) a));
      compare(mismatches, "trigamma(" + a + ")", lines[at++], ScalarMath.trigamma(a));
      compare(mismatches, "float trigamma(" + a + ")", lines[at++],
          (float) ScalarMath.trigamma((float) a));
    }
    for (double a : SPECIAL_ARGS) {
      compare(mismatches, "psi(" + a + ")", lines[at++], ScalarMath.psi(a));
      compare(mismatches, "trigamma(" + a + ")", lines[at++], ScalarMath.trigamma(a));
    }
    for (double a : SPECIAL) {
      for (double b : SPECIAL) {
        compare(mismatches, "pow(" + a + ", " + b + ")", lines[at++], ScalarMath.pow(a, b));
        compare(mismatches, "mod(" + a + ", " + b + ")", lines[at++], ScalarMath.pyMod(a, b));
        compare(mismatches, "float pow(" + a + ", " + b + ")", lines[at++],
            (float) ScalarMath.pow(a, b));
        compare(mismatches, "float mod(" + a + ", " + b + ")", lines[at++],
            (float) ScalarMath.pyMod(a, b));
        compare(mismatches, "floordiv(" + a + ", " + b + ")", lines[at++],
            ScalarMath.floorDiv(a, b));
        compare(mismatches, "float floordiv(" + a + ", " + b + ")", lines[at++],
            (float) ScalarMath.floorDiv(a, b));
        for (double h : SPECIAL) {
          compare(mismatches, "clip(" + a + ", " + b + ", " + h + ")", lines[at++],
              ScalarMath.clip(a, b, h));
        }
      }
    }
    assertThat(at).isEqualTo(lines.length);
    assertThat(mismatches).isEmpty();
  }

  /**
   * The random draws ({@code t4j_random_*}, with Philox4x32-10 and the word mappings) compiled
   * for the host give {@link RandomDraw}'s values bit for bit: uniform and bits of both float
   * dtypes for keys, counters and indices whose high words are zero, all ones and mixed (the
   * normal's log, cos and sqrt are the C library's here, fdlibm's in Java: within 2 ulps).
   */
  @Test
  void randomDrawsMatchRandomDraw(@TempDir Path dir) throws Exception {
    Path gxx = onPath("g++");
    assumeTrue(gxx != null, "no g++ on the PATH");
    long[] keys = {0, -1, 0x243f6a88a4093822L, 42};
    long[] counters = {0, 1, -1, 0x7fffffff00000001L};
    long[] indices = {0, 1, 7, 1L << 31, 0xffffffffL};
    StringBuilder src = new StringBuilder(HOST_HEADER).append(Prelude.TEXT).append("""
        int main() {
          long long keys[] = {""");
    src.append(join(keys)).append("};\n  long long counters[] = {").append(join(counters))
        .append("};\n  long long indices[] = {").append(join(indices)).append("""
        };
          for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) for (int c = 0; c < 5; c++) {
            long long k = keys[a], n = counters[b], i = indices[c];
            printf("%lld\\n", t4j_random_bits(k, n, i));
            printf("%.9g\\n", (double) (float) t4j_random_uniform(k, n, i, -2.0, 3.0, true));
            printf("%.17g\\n", t4j_random_uniform(k, n, i, -2.0, 3.0, false));
            printf("%.9g\\n", (double) (float) t4j_random_normal(k, n, i, 1.0, 0.5));
            printf("%.17g\\n", t4j_random_normal(k, n, i, 1.0, 0.5));
          }
          return 0;
        }
        """);
    Path c = dir.resolve("random_host.cpp");
    Files.writeString(c, src, StandardCharsets.UTF_8);
    Path exe = dir.resolve("random_host");
    run(List.of(gxx.toString(), "-O2", "-ffp-contract=off", "-o", exe.toString(),
        c.toString()));
    String[] lines = run(List.of(exe.toString())).split("\n");
    RandomDraw bits = new RandomDraw(RandomDraw.Distribution.BITS, DType.INT64, 0, 0);
    RandomDraw u32 = new RandomDraw(RandomDraw.Distribution.UNIFORM, DType.FLOAT32, -2, 3);
    RandomDraw u64 = new RandomDraw(RandomDraw.Distribution.UNIFORM, DType.FLOAT64, -2, 3);
    RandomDraw n32 = new RandomDraw(RandomDraw.Distribution.NORMAL, DType.FLOAT32, 1, 0.5);
    RandomDraw n64 = new RandomDraw(RandomDraw.Distribution.NORMAL, DType.FLOAT64, 1, 0.5);
    List<String> mismatches = new ArrayList<>();
    int at = 0;
    for (long k : keys) {
      for (long n : counters) {
        for (long i : indices) {
          String where = "(key " + k + ", counter " + n + ", index " + i + ")";
          long b = Long.parseLong(lines[at++].trim());
          if (b != bits.sampleBits(k, n, i)) {
            mismatches.add("bits " + where + ": C " + b + ", Java " + bits.sampleBits(k, n, i));
          }
          float cu32 = Float.parseFloat(lines[at++].trim());
          if (Float.compare(cu32, (float) u32.sample(k, n, i)) != 0) {
            mismatches.add("uniform float32 " + where + ": C " + cu32 + ", Java "
                + (float) u32.sample(k, n, i));
          }
          exact(mismatches, "uniform float64 " + where, lines[at++], u64.sample(k, n, i));
          float cn32 = Float.parseFloat(lines[at++].trim());
          float jn32 = (float) n32.sample(k, n, i);
          if (Math.abs(cn32 - jn32) > 2 * Math.ulp(jn32)) {
            mismatches.add("normal float32 " + where + ": C " + cn32 + ", Java " + jn32);
          }
          double cn64 = Double.parseDouble(lines[at++].trim());
          double jn64 = n64.sample(k, n, i);
          if (Math.abs(cn64 - jn64) > 2 * Math.ulp(jn64)) {
            mismatches.add("normal float64 " + where + ": C " + cn64 + ", Java " + jn64);
          }
        }
      }
    }
    assertThat(at).isEqualTo(lines.length);
    assertThat(mismatches).isEmpty();
  }

  private static String join(long[] v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? ", " : "").append(v[i] == Long.MIN_VALUE ? "(-9223372036854775807LL - 1)"
          : v[i] + "LL");
    }
    return b.toString();
  }

  private static void exact(List<String> bad, String what, String cText, double java) {
    double cv = Double.parseDouble(cText.trim());
    if (Double.compare(cv, java) != 0) {
      bad.add(what + ": C " + cText.trim() + ", Java " + java);
    }
  }

  /** Exact agreement, any NaN equal to any NaN; finite non-zero results within one ulp. */
  private static void compare(List<String> bad, String what, String cText, double java) {
    double cv = parseC(cText.trim());
    boolean ok = Double.isNaN(java) ? Double.isNaN(cv)
        : Double.compare(cv, java) == 0
            || Double.isFinite(java) && java != 0 && Math.abs(cv - java) <= Math.ulp(java);
    if (!ok) {
      bad.add(what + ": C " + cText.trim() + ", ScalarMath " + java);
    }
  }

  private static double parseC(String s) {
    switch (s) {
      case "inf": return INF;
      case "-inf": return -INF;
      case "nan":
      case "-nan": return Double.NaN;
      default: return Double.parseDouble(s);
    }
  }

  private static String cLiteral(double v) {
    if (Double.isNaN(v)) {
      return "NAN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return Double.compare(v, -0.0) == 0 ? "-0.0" : Double.toString(v);
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
    assertThat(p.exitValue()).as("%s failed:\n%s", cmd, text).isZero();
    return text;
  }

  private static Path onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}

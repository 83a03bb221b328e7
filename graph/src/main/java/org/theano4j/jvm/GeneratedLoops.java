package org.theano4j.jvm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.theano4j.tensor.Scalar;

/**
 * One generated loop per fused elementwise group: for a {@link CompositeLoops} program whose
 * steps are all rendered here (float32 and float64 add, sub, mul, true_div, neg, sqr), a
 * hidden class whose {@link Kernel#run} makes one counted pass over a chunk, every step's
 * value in a local, and stores the last step's result into the buffer the interpreted steps
 * would fill. Each step computes in {@code float} exactly where the interpreted path does
 * ({@code Step.floatLane}) and otherwise in double from the widened operands, its result
 * rounded to float32 when its operand is float32: bit for bit the interpreted result.
 *
 * <p>Switch: {@code -Dtheano4j.jvm.generatedLoops=false|true|N} (default on; N = the chunks a
 * group runs interpreted before its loop is generated, 64 by default, so one-shot calls never
 * pay). Not used under fast math. Classes are cached by program shape, at most
 * {@value #CACHE_LIMIT}; past that, new shapes stay interpreted. Any failure to generate
 * leaves the group on the interpreted path.
 */
final class GeneratedLoops {
  /** A generated loop: computes the program over the first {@code m} elements of the buffers. */
  interface Kernel {
    void run(float[][] f, double[][] d, int m);
  }

  static final String PROPERTY = "theano4j.jvm.generatedLoops";
  static final int DEFAULT_THRESHOLD = 64;
  static final int CACHE_LIMIT = 512;

  /** Chunks before generation; negative = off. Package-private and mutable for tests. */
  static volatile int threshold = initialThreshold();
  /** Test hook: when set, every generation fails (as a bytecode or linkage error would). */
  static volatile boolean failForTest;

  private static final Map<String, Kernel> CACHE = new ConcurrentHashMap<>();

  /** Emits a step's operation on operands already on the stack, in float or double. */
  private interface Renderer {
    void emit(MethodVisitor mv, boolean inFloat);
  }

  /** The rendered scalars; every other one is in {@link #NOT_RENDERED}. */
  static final Map<Scalar, Renderer> RENDERERS = new EnumMap<>(Scalar.class);
  /** The scalars left to the interpreted loops (a group with one of them is not generated). */
  static final Set<Scalar> NOT_RENDERED = EnumSet.of(Scalar.INT_DIV, Scalar.MOD, Scalar.POW,
      Scalar.MAXIMUM, Scalar.MINIMUM, Scalar.ABS, Scalar.SIGN, Scalar.RELU, Scalar.ROUND,
      Scalar.FLOOR, Scalar.CEIL, Scalar.EXP, Scalar.LOG, Scalar.LOG1P, Scalar.EXPM1,
      Scalar.SQRT, Scalar.TANH, Scalar.SIGMOID, Scalar.SOFTPLUS, Scalar.ELU, Scalar.HARD_SIGMOID,
      Scalar.SOFTSIGN, Scalar.SIN, Scalar.COS, Scalar.TAN, Scalar.LOG2, Scalar.ERF, Scalar.ERFC,
      Scalar.ERFINV, Scalar.GAMMALN, Scalar.PSI, Scalar.TRIGAMMA, Scalar.CBRT, Scalar.LOG10,
      Scalar.EXP2, Scalar.ARCSIN, Scalar.ARCCOS, Scalar.ARCTAN, Scalar.ARCTAN2, Scalar.SINH,
      Scalar.COSH, Scalar.ARCSINH, Scalar.ARCCOSH, Scalar.ARCTANH, Scalar.EQ, Scalar.NEQ,
      Scalar.LT, Scalar.LE, Scalar.GT, Scalar.GE, Scalar.ISNAN, Scalar.ISINF, Scalar.AND,
      Scalar.OR, Scalar.XOR, Scalar.NOT, Scalar.CLIP, Scalar.SWITCH);

  static {
    RENDERERS.put(Scalar.ADD, (mv, fl) -> mv.visitInsn(fl ? Opcodes.FADD : Opcodes.DADD));
    RENDERERS.put(Scalar.SUB, (mv, fl) -> mv.visitInsn(fl ? Opcodes.FSUB : Opcodes.DSUB));
    RENDERERS.put(Scalar.MUL, (mv, fl) -> mv.visitInsn(fl ? Opcodes.FMUL : Opcodes.DMUL));
    RENDERERS.put(Scalar.TRUE_DIV, (mv, fl) -> mv.visitInsn(fl ? Opcodes.FDIV : Opcodes.DDIV));
    RENDERERS.put(Scalar.NEG, (mv, fl) -> mv.visitInsn(fl ? Opcodes.FNEG : Opcodes.DNEG));
    RENDERERS.put(Scalar.SQR, (mv, fl) -> {
      mv.visitInsn(fl ? Opcodes.DUP : Opcodes.DUP2);
      mv.visitInsn(fl ? Opcodes.FMUL : Opcodes.DMUL);
    });
  }

  private GeneratedLoops() {}

  /** The threshold the property asks for; a malformed value is reported and the default used. */
  private static int initialThreshold() {
    try {
      return thresholdOf(System.getProperty(PROPERTY));
    } catch (IllegalArgumentException e) {
      System.getLogger(GeneratedLoops.class.getName()).log(System.Logger.Level.WARNING,
          e.getMessage() + "; using " + DEFAULT_THRESHOLD);
      return DEFAULT_THRESHOLD;
    }
  }

  /**
   * The chunk threshold for a value of {@link #PROPERTY}: absent or {@code true} = the default,
   * {@code false} = off (-1), a number = that many chunks.
   */
  static int thresholdOf(String value) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
      return DEFAULT_THRESHOLD;
    }
    if (value.trim().equalsIgnoreCase("false")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + PROPERTY + " must be true, false or a chunk count"
        + " >= 0, got '" + value + "'");
  }

  /**
   * The generated loop for this program shape (operand lanes, constant inputs, steps), from the
   * cache or newly made, or null when a step is not rendered, the cache is full or generation
   * failed: the caller then stays on its interpreted steps.
   */
  static Kernel kernel(int arity, int[] lane, boolean[] constant, CompositeLoops.Step[] steps) {
    String key = key(arity, lane, constant, steps);
    if (key == null) {
      return null;
    }
    Kernel k = CACHE.get(key);
    if (k != null || CACHE.size() >= CACHE_LIMIT) {
      return k;
    }
    try {
      if (failForTest) {
        throw new IllegalStateException("generation forced to fail (test hook)");
      }
      k = define(generate(arity, lane, constant, steps));
    } catch (Throwable e) { // a bytecode, verification or linkage problem: stay interpreted
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw (VirtualMachineError) e;
      }
      return null;
    }
    CACHE.putIfAbsent(key, k);
    return k;
  }

  /** Number of cached classes (for tests). */
  static int cached() {
    return CACHE.size();
  }

  /** The program's shape as a cache key, or null when some step is not rendered. */
  private static String key(int arity, int[] lane, boolean[] constant,
      CompositeLoops.Step[] steps) {
    if (steps.length == 0) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lane.length; i++) {
      if (lane[i] != CompositeLoops.F && lane[i] != CompositeLoops.D) {
        return null;
      }
      b.append(lane[i] == CompositeLoops.F ? 'f' : 'd');
      if (i < arity && constant[i]) {
        b.append('c');
      }
    }
    for (CompositeLoops.Step s : steps) {
      if (s.scalar == null || s.discrete || !RENDERERS.containsKey(s.scalar)) {
        return null;
      }
      b.append('|').append(s.scalar.name()).append(s.floatLane ? ":f" : ":d");
      for (int a : s.args) {
        b.append(',').append(a);
      }
    }
    return b.toString();
  }

  private static Kernel define(byte[] bytes) throws Throwable {
    MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
    return (Kernel) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
        .invoke();
  }

  private static final String NAME = "org/theano4j/jvm/GeneratedLoops$Loop";

  private static byte[] generate(int arity, int[] lane, boolean[] constant,
      CompositeLoops.Step[] steps) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object",
        new String[] {"org/theano4j/jvm/GeneratedLoops$Kernel"});
    MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();

    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "run", "([[F[[DI)V", null, null);
    mv.visitCode();
    int n = lane.length;
    int r = n - 1;
    // locals: 0 this, 1 f, 2 d, 3 m; then per operand its array (streamed input, result) or
    // its value (constant input, step result)
    int next = 4;
    int[] array = new int[n];
    int[] value = new int[n];
    for (int i = 0; i < n; i++) {
      boolean streamed = i < arity && !constant[i];
      if (streamed || i == r) {
        array[i] = next++;
        loadBuffer(mv, lane[i], i);
        mv.visitVarInsn(Opcodes.ASTORE, array[i]);
      }
      if (!streamed) {
        value[i] = next;
        next += lane[i] == CompositeLoops.F ? 1 : 2;
      }
      if (i < arity && constant[i]) { // read once, before the loop
        loadBuffer(mv, lane[i], i);
        mv.visitInsn(Opcodes.ICONST_0);
        boolean fl = lane[i] == CompositeLoops.F;
        mv.visitInsn(fl ? Opcodes.FALOAD : Opcodes.DALOAD);
        mv.visitVarInsn(fl ? Opcodes.FSTORE : Opcodes.DSTORE, value[i]);
      }
    }
    int index = next;
    mv.visitInsn(Opcodes.ICONST_0);
    mv.visitVarInsn(Opcodes.ISTORE, index);
    Label top = new Label();
    Label end = new Label();
    mv.visitLabel(top);
    mv.visitVarInsn(Opcodes.ILOAD, index);
    mv.visitVarInsn(Opcodes.ILOAD, 3);
    mv.visitJumpInsn(Opcodes.IF_ICMPGE, end);
    for (CompositeLoops.Step s : steps) {
      boolean inFloat = s.floatLane;
      for (int a : s.args) {
        boolean fl = lane[a] == CompositeLoops.F;
        if (a < arity && !constant[a]) {
          mv.visitVarInsn(Opcodes.ALOAD, array[a]);
          mv.visitVarInsn(Opcodes.ILOAD, index);
          mv.visitInsn(fl ? Opcodes.FALOAD : Opcodes.DALOAD);
        } else {
          mv.visitVarInsn(fl ? Opcodes.FLOAD : Opcodes.DLOAD, value[a]);
        }
        if (fl && !inFloat) {
          mv.visitInsn(Opcodes.F2D); // exact, as the interpreted conversion buffers are
        }
      }
      RENDERERS.get(s.scalar).emit(mv, inFloat);
      boolean targetFloat = lane[s.target] == CompositeLoops.F;
      if (targetFloat && !inFloat) {
        mv.visitInsn(Opcodes.D2F); // stored rounded to float32
      }
      mv.visitVarInsn(targetFloat ? Opcodes.FSTORE : Opcodes.DSTORE, value[s.target]);
    }
    boolean rf = lane[r] == CompositeLoops.F;
    mv.visitVarInsn(Opcodes.ALOAD, array[r]);
    mv.visitVarInsn(Opcodes.ILOAD, index);
    mv.visitVarInsn(rf ? Opcodes.FLOAD : Opcodes.DLOAD, value[r]);
    mv.visitInsn(rf ? Opcodes.FASTORE : Opcodes.DASTORE);
    mv.visitIincInsn(index, 1);
    mv.visitJumpInsn(Opcodes.GOTO, top);
    mv.visitLabel(end);
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** Pushes {@code f[i]} or {@code d[i]}, by the operand's lane. */
  private static void loadBuffer(MethodVisitor mv, int lane, int i) {
    mv.visitVarInsn(Opcodes.ALOAD, lane == CompositeLoops.F ? 1 : 2);
    mv.visitLdcInsn(i);
    mv.visitInsn(Opcodes.AALOAD);
  }
}

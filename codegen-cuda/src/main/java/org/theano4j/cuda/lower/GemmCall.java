package org.theano4j.cuda.lower;

/**
 * The arguments of one column-major cuBLAS {@code gemm} / {@code gemmStridedBatched} call
 * computing row-major {@code C = alpha · A · B + beta · C} for each batch entry.
 *
 * <p>cuBLAS is column-major. A row-major {@code m × n} matrix is, read column-major, its
 * transpose, so the call computes {@code Cᵀ = Bᵀ · Aᵀ}: cuBLAS's first operand is our
 * {@code B}, its second our {@code A}, its {@code m} our {@code n}. An operand stored
 * row-major (unit column stride) is already the transpose cuBLAS needs ({@code OP_N}, leading
 * dimension = row stride); one stored column-major (a transposed view) takes {@code OP_T}
 * with its column stride as leading dimension. Other layouts (reversed, strided on both axes,
 * broadcast) do not fit and must be copied first: {@link #layout} returns null for them.
 *
 * <p>Pointers are the operands' memory plus their element offset; {@code c} is row-major and
 * dense. With {@code k == 0} the product is empty: C becomes {@code beta · C}.
 *
 * @param transa whether cuBLAS's first operand ({@code b}) is transposed ({@code OP_T})
 * @param transb whether cuBLAS's second operand ({@code a}) is transposed
 * @param m cuBLAS's rows of the result: our {@code n}
 * @param n cuBLAS's columns of the result: our {@code m}
 * @param k the inner dimension
 * @param first cuBLAS's {@code A} pointer: our {@code B}
 * @param lda leading dimension of {@code first}
 * @param second cuBLAS's {@code B} pointer: our {@code A}
 * @param ldb leading dimension of {@code second}
 * @param c the result
 * @param ldc its leading dimension (our {@code n})
 * @param batch number of products (1 for a plain GEMM)
 * @param strideA elements between consecutive {@code first} matrices
 * @param strideB elements between consecutive {@code second} matrices
 * @param strideC elements between consecutive results
 */
public record GemmCall(boolean transa, boolean transb, int m, int n, int k, ArrayRef first,
    int lda, ArrayRef second, int ldb, ArrayRef c, int ldc, int batch, long strideA,
    long strideB, long strideC, double alpha, double beta) {

  /** How a 2-D operand is handed to cuBLAS: transposed or not, and its leading dimension. */
  public record Layout(boolean trans, int ld) {}

  /**
   * The layout of a row-major-indexed {@code rows × cols} matrix with strides {@code (s0,
   * s1)}, as cuBLAS's operand in the swapped product; null if no layout fits without a copy.
   */
  public static Layout layout(int rows, int cols, int s0, int s1) {
    boolean unitCols = cols <= 1 || s1 == 1;
    boolean unitRows = rows <= 1 || s0 == 1;
    if (unitCols && (rows <= 1 || s0 >= Math.max(cols, 1))) {
      return new Layout(false, rows <= 1 ? Math.max(cols, 1) : s0);
    }
    if (unitRows && (cols <= 1 || s1 >= Math.max(rows, 1))) {
      return new Layout(true, cols <= 1 ? Math.max(rows, 1) : s1);
    }
    return null;
  }

  /**
   * The call for {@code c = alpha · a · b + beta · c} with rank-2 operands ({@code m × k},
   * {@code k × n}, dense row-major {@code m × n}) or rank-3 ones (a batch of them; the batch
   * strides are the operands' axis-0 strides).
   *
   * @throws IllegalArgumentException if shapes disagree, or an operand's layout does not fit
   *     (see {@link #layout}) or {@code c} is not dense row-major: the caller copies first
   */
  public static GemmCall of(ArrayRef a, ArrayRef b, ArrayRef c, double alpha, double beta) {
    int r = a.ndim();
    if (r < 2 || r > 3 || b.ndim() != r || c.ndim() != r) {
      throw new IllegalArgumentException("gemm operands must all be matrices or all batches of"
          + " matrices, got " + a + ", " + b + ", " + c);
    }
    int o = r - 2;
    int m = a.shape()[o];
    int k = a.shape()[o + 1];
    int n = b.shape()[o + 1];
    int batch = r == 3 ? a.shape()[0] : 1;
    if (b.shape()[o] != k || c.shape()[o] != m || c.shape()[o + 1] != n
        || r == 3 && (b.shape()[0] != batch || c.shape()[0] != batch)) {
      throw new IllegalArgumentException("gemm shapes do not match: " + a + " · " + b + " → "
          + c);
    }
    Layout la = layout(m, k, a.strides()[o], a.strides()[o + 1]);
    Layout lb = layout(k, n, b.strides()[o], b.strides()[o + 1]);
    if (la == null || lb == null || !c.isContiguous()) {
      throw new IllegalArgumentException("gemm operand layout needs a copy first: " + a + " · "
          + b + " → " + c);
    }
    long sa = r == 3 ? a.strides()[0] : 0;
    long sb = r == 3 ? b.strides()[0] : 0;
    long sc = (long) m * n;
    return new GemmCall(lb.trans(), la.trans(), n, m, k, b, lb.ld(), a, la.ld(), c,
        Math.max(n, 1), batch, sb, sa, sc, alpha, beta);
  }
}

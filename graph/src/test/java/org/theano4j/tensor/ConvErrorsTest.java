package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * Bad input to the convolution ops that {@code ConvRows}' error cases cannot hold: bad option
 * values (refused by {@link Conv2dOptions} before any node), bad shape arguments of the two
 * gradient factories, and sizes known only at the call (a {@link TheanoException} naming the
 * node, its line and each input's shape). Refusals at node build and static types are in
 * {@code ConvRows}.
 */
class ConvErrorsTest {
  private static final Conv2dOptions D = Conv2dOptions.defaults();

  @Test
  void badOptionValuesAreRefusedAtOnce() {
    assertThatThrownBy(() -> D.subsample(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: subsample must be at least 1 on each axis, got (0, 1)");
    assertThatThrownBy(() -> D.filterDilation(1, -2))
        .hasMessage("conv2d: filter_dilation must be at least 1 on each axis, got (1, -2)");
    assertThatThrownBy(() -> D.numGroups(0))
        .hasMessage("conv2d: num_groups must be at least 1, got 0");
    assertThatThrownBy(() -> D.borderMode(-1))
        .hasMessage("conv2d: border_mode padding must be non-negative, got (-1, -1)");
    assertThatThrownBy(() -> D.borderMode("same"))
        .hasMessage("conv2d: border_mode must be 'valid', 'full', 'half', an int or (int, int), "
            + "got 'same'");
    assertThatThrownBy(() -> D.borderMode((String) null))
        .hasMessageContaining("border_mode must be 'valid', 'full', 'half', an int or (int, int),"
            + " got null");
    assertThatThrownBy(() -> new Conv2dOptions(Conv2dOptions.BorderMode.HALF, 1, 0, 1, 1, 1, 1,
        1, true)).hasMessage("conv2d: padding (1, 0) given with border_mode 'half'; explicit "
            + "padding is border_mode (ph, pw)");
  }

  @Test
  void optionsReadAsTheano() {
    assertThat(D.theano()).isEqualTo("border_mode='valid', subsample=(1, 1), filter_flip=True, "
        + "filter_dilation=(1, 1), num_groups=1");
    assertThat(D.borderMode(1, 2).subsample(2, 3).filterFlip(false).filterDilation(2, 1)
        .numGroups(4).theano()).isEqualTo("border_mode=(1, 2), subsample=(2, 3), "
        + "filter_flip=False, filter_dilation=(2, 1), num_groups=4");
    assertThat(D.borderMode("HALF").borderMode()).isEqualTo(Conv2dOptions.BorderMode.HALF);
  }

  @Test
  void badShapeArgumentsOfTheGradientFactories() {
    Variable gy = T.tensor(DType.FLOAT64, new int[] {2, 4, 6, 5}, "gy");
    Variable w = T.tensor(DType.FLOAT64, new int[] {4, 3, 3, 3}, "w");
    Variable x = T.tensor(DType.FLOAT64, new int[] {2, 3, 8, 7}, "x");
    assertThatThrownBy(() -> T.conv2dGradInputs(gy, w, new int[] {8, 7}, D))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d_grad_wrt_inputs: input_shape must have 4 entries, got 2 [8, 7]");
    assertThatThrownBy(() -> T.conv2dGradInputs(gy, w, new int[] {2, 3, -1, 7}, D))
        .hasMessage("conv2d_grad_wrt_inputs: input_shape[2] (a spatial size) must be given, got "
            + "[2, 3, null, 7]");
    assertThatThrownBy(() -> T.conv2dGradInputs(gy, w, new int[] {3, 3, 8, 7}, D))
        .hasMessage("conv2d_grad_wrt_inputs: input_shape[0] is 3 but the other arguments make "
            + "it 2 (input_shape [3, 3, 8, 7], result (2, 3, 8, 7))");
    assertThatThrownBy(() -> T.conv2dGradWeights(x, gy, new int[] {4, 2, 3, 3}, D))
        .hasMessage("conv2d_grad_wrt_weights: filter_shape[1] is 2 but the other arguments make "
            + "it 3 (filter_shape [4, 2, 3, 3], result (4, 3, 3, 3))");
    assertThatThrownBy(() -> T.conv2dGradWeights(x, gy, Arrays.asList(4, 3, "3", 3), D))
        .hasMessage("conv2d_grad_wrt_weights: a spatial size must be an int, a long or an "
            + "integer scalar variable, got 3 (String)");
    assertThatThrownBy(() -> T.conv2dGradWeights(x, gy, (int[]) null, D))
        .hasMessage("conv2d_grad_wrt_weights: the shape must not be null");
  }

  @Test
  void sizesKnownOnlyAtTheCallAreCheckedThen() {
    Variable x = T.dtensor4("x");
    Variable w = T.dtensor4("w");
    Function f = Theano.function(List.of(x, w), List.of(T.conv2d(x, w))).build();
    assertThatThrownBy(() -> f.call(NDArray.zeros(DType.FLOAT64, 2, 3, 8, 8),
        NDArray.zeros(DType.FLOAT64, 4, 2, 3, 3)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("conv2d: the input has 3 channels but the filters expect 2 per "
            + "group (input (2, 3, 8, 8), filters (4, 2, 3, 3)")
        .hasMessageContaining("node created at ConvErrorsTest.java:")
        .hasMessageContaining("input 1: 'w' TensorType(float64, (?, ?, ?, ?)), created at "
            + "ConvErrorsTest.java:");
    assertThatThrownBy(() -> f.call(NDArray.zeros(DType.FLOAT64, 1, 1, 4, 4),
        NDArray.zeros(DType.FLOAT64, 1, 1, 5, 3)))
        .hasMessageContaining("conv2d: the output would have no rows: rows 4 padded by 0 on "
            + "each side (4) is shorter than the filter's 5 taps");

    Variable gy = T.dtensor4("gy");
    Variable rows = T.lscalar("rows");
    Function g = Theano.function(List.of(gy, w, rows), List.of(T.conv2dGradInputs(gy, w,
        Arrays.asList(null, null, rows, 6), D))).build();
    assertThatThrownBy(() -> g.call(NDArray.zeros(DType.FLOAT64, 1, 2, 2, 4),
        NDArray.zeros(DType.FLOAT64, 2, 1, 3, 3), 0L))
        .hasMessageContaining("conv2d_grad_wrt_inputs: the input's rows must be at least 1, "
            + "got 0");
    assertThatThrownBy(() -> g.call(NDArray.zeros(DType.FLOAT64, 1, 2, 2, 4),
        NDArray.zeros(DType.FLOAT64, 2, 1, 3, 3), 5L))
        .hasMessageContaining("conv2d_grad_wrt_inputs: grad of shape (1, 2, 2, 4) is not the "
            + "shape of the convolution's output (1, 2, 3, 4)");
  }
}

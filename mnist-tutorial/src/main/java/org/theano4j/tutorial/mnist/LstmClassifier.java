package org.theano4j.tutorial.mnist;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * An LSTM that reads each image as a sequence of its 28 rows of 28 pixels (written with
 * {@link Scan#scan}) and classifies it from its last hidden state with a softmax layer.
 *
 * <p>The input {@code x} (batch, 784) becomes {@code x.reshape(-1, 28, 28).dimshuffle(1, 0, 2)}
 * (28, batch, 28), sequence axis first. One step, gates in PyTorch's {@code nn.LSTM} order
 * (input, forget, cell, output), {@code H} hidden units:
 * <pre>
 * z = x_t·W + h·U + b                          (batch, 4H)
 * i = σ(z[:, 0:H])   f = σ(z[:, H:2H])   g = tanh(z[:, 2H:3H])   o = σ(z[:, 3H:4H])
 * c' = f·c + i·g     h' = o·tanh(c')           h_0 = c_0 = 0
 * </pre>
 * Initialisation from NumPy's {@code RandomState} ({@code rng}), in this order, each uniform in
 * {@code ±sqrt(6 / (fan_in + fan_out))} ({@link HiddenLayer#initialW}): W (28, 4H), U (H, 4H),
 * then the softmax layer's W (H, 10); b is zero except the forget gate's block (ones), the
 * softmax layer's b zero.
 *
 * <p>With dropout {@code p > 0}, the training cost reads {@code h_28 · mask / (1 - p)}, the mask
 * drawn from {@code RandomStreams.binomial(h.shape(), 1, 1 - p)} on every call (inverted
 * dropout); {@link #output()} (the errors) reads {@code h_28} itself, so the validation and test
 * functions compiled from it have no dropout, as a Theano user compiles them.
 */
public final class LstmClassifier implements TutorialFunctions.Network {
  /** Input weights (28, 4H), recurrent weights (H, 4H), biases (4H). */
  public final SharedVariable W;
  public final SharedVariable U;
  public final SharedVariable b;
  /** The hidden states of every step, (28, batch, H). */
  public final Variable hidden;
  /** The last hidden state, (batch, H). */
  public final Variable last;
  /**
   * What the training cost's softmax layer reads: {@link #last}, or with dropout
   * {@code last · mask / (1 - p)}.
   */
  public final Variable trainInput;
  /** The softmax layer on {@link #last}, without dropout. */
  public final LogisticRegression logRegressionLayer;
  /** The softmax layer the training cost reads (with dropout if any; else the same). */
  private final LogisticRegression trainLayer;
  /** {@code [W, U, b, W_out, b_out]}. */
  public final List<SharedVariable> params;

  /**
   * @param dropout the probability of dropping a unit of the last hidden state in training
   *     (0: none), in [0, 1); {@code streams} draws the masks and may be null when it is 0
   * @throws IllegalArgumentException for a dropout outside [0, 1), or above 0 without streams
   */
  public LstmClassifier(LegacyRandomState rng, RandomStreams streams, Variable x, int nHidden,
      double dropout) {
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    int rows = MnistSplit.ROWS;
    int cols = MnistSplit.COLS;
    W = Theano.shared(HiddenLayer.initialW(rng, cols, 4 * nHidden), "W_lstm");
    U = Theano.shared(HiddenLayer.initialW(rng, nHidden, 4 * nHidden), "U_lstm");
    double[] bias = new double[4 * nHidden];
    Arrays.fill(bias, nHidden, 2 * nHidden, 1.0);
    b = Theano.shared(NDArray.of(bias, 4 * nHidden).astype(Theano.floatX()), "b_lstm");
    SharedVariable wOut = Theano.shared(HiddenLayer.initialW(rng, nHidden, MnistSplit.CLASSES),
        "W");
    SharedVariable bOut = Theano.shared(NDArray.zeros(Theano.floatX(), MnistSplit.CLASSES), "b");

    Variable sequence = x.reshape(-1, rows, cols).dimshuffle(1, 0, 2);
    Variable h0 = T.zeros(Theano.floatX(), x.shape(0), nHidden);
    Scan.Result lstm = Scan.builder().name("Lstm")
        .sequences(sequence).outputsInfo(h0, h0).nonSequences(W, U, b)
        .fn(a -> step(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(5), nHidden))
        .build();
    hidden = lstm.output(0);
    last = hidden.get(-1);
    logRegressionLayer = new LogisticRegression(last, wOut, bOut);
    if (dropout > 0) {
      if (streams == null) {
        throw new IllegalArgumentException("dropout " + dropout + " needs RandomStreams to draw "
            + "its masks, got null");
      }
      Variable mask = streams.binomial(last.shape(), 1, 1 - dropout).astype(Theano.floatX());
      trainInput = last.mul(mask).div(1 - dropout);
      trainLayer = new LogisticRegression(trainInput, wOut, bOut);
    } else {
      trainInput = last;
      trainLayer = logRegressionLayer;
    }
    params = List.of(W, U, b, wOut, bOut);
  }

  /** One LSTM step: {@code [h', c']} from the row {@code xt} and the states. */
  static List<Variable> step(Variable xt, Variable h, Variable c, Variable w, Variable u,
      Variable bias, int n) {
    Variable z = T.dot(xt, w).add(T.dot(h, u)).add(bias);
    Variable i = T.sigmoid(gate(z, 0, n));
    Variable f = T.sigmoid(gate(z, 1, n));
    Variable g = T.tanh(gate(z, 2, n));
    Variable o = T.sigmoid(gate(z, 3, n));
    Variable c1 = f.mul(c).add(i.mul(g));
    return List.of(o.mul(T.tanh(c1)), c1);
  }

  private static Variable gate(Variable z, int k, int n) {
    return z.get(T.ALL, T.slice(k * n, (k + 1) * n));
  }

  @Override
  public LogisticRegression output() {
    return logRegressionLayer;
  }

  /** The mean negative log-likelihood of {@code y} (with dropout if any). */
  @Override
  public Variable cost(Variable y) {
    return trainLayer.negativeLogLikelihood(y);
  }

  @Override
  public List<SharedVariable> params() {
    return params;
  }

  /** Adam ({@link Adam}) on every parameter. */
  @Override
  public Map<SharedVariable, Variable> updates(Variable cost, double learningRate) {
    return Adam.updates(cost, params, learningRate);
  }
}

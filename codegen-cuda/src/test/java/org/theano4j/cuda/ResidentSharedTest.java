package org.theano4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.examples.TutorialGraphs;
import org.theano4j.graph.DeviceValue;
import org.theano4j.graph.SharedVariable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CudaOpTableTest;

/**
 * Shared variables of a CUDA function live on the device: uploaded once, updated there, copied
 * back by {@code getValue()}; {@code setValue()} is seen by the next call; a failed call
 * commits nothing; updates never share memory; calls and reads from several threads lose
 * nothing and see no torn value. Runs on the kernel-IR interpreter (whose
 * device values are JVM storage) and, through {@link GpuTests}, on a GPU.
 */
class ResidentSharedTest {
  private static final String BACKEND = CudaOpTableTest.BACKEND;

  @Test
  void sharedVariablesStayOnTheDeviceBetweenCalls() {
    TutorialGraphs jvm = new TutorialGraphs("jvm");
    TutorialGraphs dev = new TutorialGraphs(BACKEND);
    assertThat(dev.w.deviceValue()).isNull();
    train(jvm, dev, 0);
    DeviceValue data = dev.trainX.deviceValue();
    assertThat(data).as("train_set_x uploaded and cached").isNotNull();
    assertThat(dev.w.deviceValue()).as("W's update kept on the device").isNotNull();
    DeviceValue w1 = dev.w.deviceValue();
    train(jvm, dev, 1);
    assertThat(dev.trainX.deviceValue()).as("train_set_x not uploaded again").isSameAs(data);
    assertThat(dev.w.deviceValue()).as("a new W each step").isNotSameAs(w1);
    for (int epoch = 0; epoch < 2; epoch++) {
      for (int i = 0; i < TutorialGraphs.N / TutorialGraphs.BATCH; i++) {
        train(jvm, dev, i);
      }
    }
    compare("W", dev.w, jvm.w);
    compare("b", dev.b, jvm.b);
    assertThat(dev.w.deviceValue()).as("getValue keeps the device value").isNotNull();
  }

  @Test
  void setValueIsSeenByTheNextCall() {
    TutorialGraphs jvm = new TutorialGraphs("jvm");
    TutorialGraphs dev = new TutorialGraphs(BACKEND);
    train(jvm, dev, 0);
    NDArray w = NDArray.full(org.theano4j.ndarray.DType.FLOAT32, 0.25, TutorialGraphs.D,
        TutorialGraphs.K);
    jvm.w.setValue(w);
    dev.w.setValue(w);
    assertThat(dev.w.deviceValue()).isNull();
    train(jvm, dev, 1);
    train(jvm, dev, 2);
    compare("W", dev.w, jvm.w);
  }

  @Test
  void aFailedCallCommitsNothing() {
    TutorialGraphs dev = new TutorialGraphs(BACKEND);
    dev.train.call(0);
    int[] labels = dev.trainY.getValue().toIntArray();
    labels[2 * TutorialGraphs.BATCH + 5] = 99;
    dev.trainY.setValue(NDArray.of(labels, labels.length));
    NDArray w = dev.w.getValue();
    NDArray b = dev.b.getValue();
    DeviceValue wDevice = dev.w.deviceValue();
    assertThatThrownBy(() -> dev.train.call(2)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("99").hasMessageContaining("TutorialGraphs.java:");
    assertThat(dev.w.deviceValue()).isSameAs(wDevice);
    assertThat(dev.w.getValue().toDoubleArray()).containsExactly(w.toDoubleArray());
    assertThat(dev.b.getValue().toDoubleArray()).containsExactly(b.toDoubleArray());
    // The function still works, from the last committed values.
    dev.train.call(1);
    assertThat(dev.w.getValue().toDoubleArray()).isNotEqualTo(w.toDoubleArray());
  }

  @Test
  void swappedAndRepeatedUpdatesGetMemoryOfTheirOwn() {
    SharedVariable a = Theano.shared(NDArray.of(new double[] {1, 2}, 2), "a");
    SharedVariable b = Theano.shared(NDArray.of(new double[] {3, 4}, 2), "b");
    Function swap = Theano.function(List.of(), List.of()).updates(Map.of(a, b, b, a))
        .backend(BACKEND).build();
    swap.call();
    assertThat(a.getValue().toDoubleArray()).containsExactly(3, 4);
    assertThat(b.getValue().toDoubleArray()).containsExactly(1, 2);
    swap.call();
    assertThat(a.getValue().toDoubleArray()).containsExactly(1, 2);
    assertThat(b.getValue().toDoubleArray()).containsExactly(3, 4);
    Function same = Theano.function(List.of(), List.of()).updates(Map.of(a, b, b, b))
        .backend(BACKEND).build();
    same.call();
    Function inc = Theano.function(List.of(), List.of()).updates(Map.of(a, a.add(1)))
        .backend(BACKEND).build();
    inc.call();
    assertThat(a.getValue().toDoubleArray()).containsExactly(4, 5);
    assertThat(b.getValue().toDoubleArray()).containsExactly(3, 4);
  }

  @Test
  void jvmAndDeviceFunctionsSeeEachOthersUpdates() {
    SharedVariable a = Theano.shared(NDArray.of(new double[] {1, -2}, 2), "a");
    Function twice = Theano.function(List.of(), List.of()).updates(Map.of(a, a.mul(2)))
        .backend(BACKEND).build();
    Function plusOne = Theano.function(List.of(), List.of()).updates(Map.of(a, a.add(1)))
        .backend("jvm").build();
    twice.call();
    plusOne.call();
    twice.call();
    plusOne.call();
    assertThat(a.getValue().toDoubleArray()).containsExactly(7, -5); // ((2a + 1) * 2) + 1
  }

  @Test
  void anOutputThatIsASharedVariableIsACopy() {
    SharedVariable a = Theano.shared(NDArray.of(new double[] {1, 2}, 2), "a");
    Function get = Theano.function(List.of(), List.of(a)).backend(BACKEND).build();
    NDArray out = get.call().get(0);
    out.storage().setDouble(0, 99);
    assertThat(a.getValue().toDoubleArray()).containsExactly(1, 2);
    Function twice = Theano.function(List.of(), List.of()).updates(Map.of(a, a.mul(2)))
        .backend(BACKEND).build();
    twice.call();
    NDArray fromDevice = get.call().get(0);
    fromDevice.storage().setDouble(0, 99);
    assertThat(a.getValue().toDoubleArray()).containsExactly(2, 4);
  }

  @Test
  void deviceAndJvmFunctionsUpdatingOneVectorFromEightThreadsLoseNothing() throws Exception {
    // Two device functions and a JVM one add 1, 2 and 3 to the same vector, two threads each,
    // while two threads read it: every call's read, run and commit (device value or host
    // value) happen under the variable's lock, so no increment is lost and no read is torn.
    int size = 12_000;
    int calls = 40;
    SharedVariable x = Theano.shared(NDArray.zeros(DType.FLOAT32, size), "x");
    Function[] adders = {
        Theano.function(List.of(), List.of()).updates(Map.of(x, x.add(1f))).backend(BACKEND)
            .build(),
        Theano.function(List.of(), List.of()).updates(Map.of(x, x.add(2f))).backend(BACKEND)
            .build(),
        Theano.function(List.of(), List.of()).updates(Map.of(x, x.add(3f))).backend("jvm")
            .build()};
    AtomicInteger writersLeft = new AtomicInteger(6);
    List<Callable<String>> tasks = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      Function f = adders[t % 3];
      tasks.add(() -> {
        try {
          for (int i = 0; i < calls; i++) {
            f.call();
          }
          return "writer";
        } finally {
          writersLeft.decrementAndGet();
        }
      });
    }
    for (int t = 0; t < 2; t++) {
      tasks.add(() -> {
        double last = 0;
        while (writersLeft.get() > 0) {
          float[] v = x.getValue().toFloatArray();
          for (float e : v) {
            if (e != v[0]) {
              return "torn: " + v[0] + " and " + e;
            }
          }
          if (v[0] < last) {
            return "went back from " + last + " to " + v[0];
          }
          last = v[0];
        }
        return "reader";
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<String>> results = new ArrayList<>();
      for (Callable<String> t : tasks) {
        results.add(pool.submit(t));
      }
      for (Future<String> r : results) {
        assertThat(r.get()).isIn("writer", "reader");
      }
    } finally {
      pool.shutdownNow();
    }
    float want = 2 * calls * (1 + 2 + 3);
    float[] got = x.getValue().toFloatArray();
    for (int i = 0; i < size; i++) {
      assertThat(got[i]).as("element %d", i).isEqualTo(want);
    }
  }

  private static void train(TutorialGraphs jvm, TutorialGraphs dev, int index) {
    double want = jvm.train.call(index).get(0).getDouble();
    double got = dev.train.call(index).get(0).getDouble();
    assertThat(got).as("cost of batch %d", index).isCloseTo(want,
        org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(want))));
  }

  private static void compare(String what, SharedVariable got, SharedVariable want) {
    CudaOpTableTest.compare(what, got.getValue().toDoubleArray(),
        want.getValue().toDoubleArray(), want.dtype(), 5);
  }
}

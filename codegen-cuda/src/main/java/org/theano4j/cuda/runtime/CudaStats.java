package org.theano4j.cuda.runtime;

/**
 * What the CUDA backend did in this process: graphs captured, calls replayed from a graph,
 * and calls (or parts of calls) sent launch by launch. Printed by the tutorial's {@code
 * --bench --device cuda}.
 */
public record CudaStats(long captures, long replays, long sent) {
  public static CudaStats now() {
    return new CudaStats(CudaDevice.CAPTURES.get(), CudaDevice.REPLAYS.get(),
        CudaDevice.SENT.get());
  }

  @Override
  public String toString() {
    return "CUDA graphs: " + captures + " captured, " + replays + " replays; " + sent
        + " sends launch by launch";
  }
}

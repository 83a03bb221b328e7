package org.theano4j.cuda.runtime;

/**
 * What the CUDA backend did in this process: graphs captured, calls replayed from a graph,
 * calls (or parts of calls) sent launch by launch, and downloads a call made before its end
 * (host readbacks: such a call sends its work early and is not captured). Printed by the
 * tutorial's {@code --bench --device cuda}.
 */
public record CudaStats(long captures, long replays, long sent, long readbacks) {
  public static CudaStats now() {
    return new CudaStats(CudaDevice.CAPTURES.get(), CudaDevice.REPLAYS.get(),
        CudaDevice.SENT.get(), CudaDevice.READBACKS.get());
  }

  @Override
  public String toString() {
    return "CUDA graphs: " + captures + " captured, " + replays + " replays; " + sent
        + " sends launch by launch; " + readbacks + " readbacks during calls";
  }
}

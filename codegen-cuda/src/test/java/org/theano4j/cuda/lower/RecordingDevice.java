package org.theano4j.cuda.lower;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.cuda.interp.InterpDevice;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.graph.DeviceValue;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/** The interpreter device, recording the names of the kernels launched and the GEMM calls. */
final class RecordingDevice implements Device {
  final List<String> launched = new ArrayList<>();
  final List<GemmCall> gemms = new ArrayList<>();
  int downloadsBeforeFinish;
  private boolean finished;
  private final InterpDevice inner = new InterpDevice();

  @Override
  public void beginCall() {
    finished = false;
  }

  @Override
  public void finish() {
    finished = true;
  }

  @Override
  public ArrayRef allocate(DType dtype, int[] shape) {
    return inner.allocate(dtype, shape);
  }

  @Override
  public void launch(Kernel kernel, int grid, List<Object> args) {
    launched.add(kernel.name());
    inner.launch(kernel, grid, args);
  }

  @Override
  public void gemm(GemmCall call) {
    gemms.add(call);
    inner.gemm(call);
  }

  @Override
  public NDArray toHost(ArrayRef a) {
    if (!finished) {
      downloadsBeforeFinish++;
    }
    return inner.toHost(a);
  }

  @Override
  public ArrayRef fromHost(NDArray a) {
    return inner.fromHost(a);
  }

  @Override
  public void endCall() {
    inner.endCall();
  }

  @Override
  public DeviceValue keep(ArrayRef a) {
    return inner.keep(a);
  }

  @Override
  public ArrayRef adopt(DeviceValue v) {
    return inner.adopt(v);
  }
}

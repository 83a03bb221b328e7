package org.theano4j.cuda.runtime;

import org.theano4j.TheanoException;

/**
 * Prints whether the CUDA backend can run here: the device's architecture and the NVRTC
 * version, or the one sentence saying why not (exit status 1). The first step of
 * {@code gpu-check.sh}: {@code java -cp 'lib/*' org.theano4j.cuda.runtime.CudaInfo}.
 */
public final class CudaInfo {
  private CudaInfo() {}

  public static void main(String[] args) {
    try {
      CudaRuntime rt = CudaRuntime.open();
      System.out.println("CUDA backend available: device " + rt.device + ", sm_" + rt.arch
          + ", NVRTC " + rt.nvrtcVersion / 10 + "." + rt.nvrtcVersion % 10);
    } catch (TheanoException e) {
      System.out.println(e.getMessage());
      System.exit(1);
    }
  }
}

package org.theano4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static org.bytedeco.cuda.global.cudart.cuCtxCreate;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetCount;
import static org.bytedeco.cuda.global.cudart.cuInit;

import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.javacpp.Loader;
import org.theano4j.TheanoException;

/**
 * The process-wide CUDA context on device 0, opened on first use. When CUDA cannot be used
 * here, {@link #open()} throws a {@link TheanoException} with one sentence saying why (no
 * driver library, no device, NVRTC missing, architecture too old) and never lets a native
 * loading failure escape.
 */
public final class CudaRuntime {
  /** The oldest architecture the generated kernels are compiled for (Volta). */
  static final int MIN_ARCH = 70;

  private static volatile Object state;

  final CUctx_st context;
  final int device;
  /** Compute capability as {@code major * 10 + minor}, e.g. 90 for an H100. */
  final int arch;
  /** NVRTC version as {@code major * 10 + minor}, e.g. 131. */
  final int nvrtcVersion;

  private CudaRuntime(CUctx_st context, int device, int arch, int nvrtcVersion) {
    this.context = context;
    this.device = device;
    this.arch = arch;
    this.nvrtcVersion = nvrtcVersion;
  }

  /** The runtime, or a TheanoException with the one-sentence reason it is unavailable. */
  public static CudaRuntime open() {
    Object s = state;
    if (s == null) {
      synchronized (CudaRuntime.class) {
        s = state;
        if (s == null) {
          s = tryOpen();
          state = s;
        }
      }
    }
    if (s instanceof String) {
      throw new TheanoException((String) s);
    }
    return (CudaRuntime) s;
  }

  /** The runtime, or the sentence saying why there is none. */
  private static Object tryOpen() {
    try {
      Loader.load(org.bytedeco.cuda.global.cudart.class);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      return "CUDA backend unavailable: libcuda.so.1 could not be loaded (no NVIDIA driver on "
          + "this machine)";
    }
    int rc = cuInit(0);
    if (rc != 0) {
      return "CUDA backend unavailable: the NVIDIA driver failed to initialise (cuInit error "
          + rc + ")";
    }
    int[] count = {0};
    if (cuDeviceGetCount(count) != 0 || count[0] == 0) {
      return "CUDA backend unavailable: the driver is installed but no CUDA device is visible";
    }
    int[] dev = {0};
    int[] major = {0};
    int[] minor = {0};
    cuDeviceGet(dev, 0);
    cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev[0]);
    cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev[0]);
    int arch = major[0] * 10 + minor[0];
    if (arch < MIN_ARCH) {
      return "CUDA backend unavailable: device 0 has compute capability " + major[0] + "."
          + minor[0] + ", older than the supported 7.0";
    }
    int nvrtc;
    try {
      Loader.load(org.bytedeco.cuda.global.nvrtc.class);
      int[] a = {0};
      int[] b = {0};
      org.bytedeco.cuda.global.nvrtc.nvrtcVersion(a, b);
      nvrtc = a[0] * 10 + b[0];
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      return "CUDA backend unavailable: NVRTC (libnvrtc.so.13) could not be loaded; install "
          + "the CUDA toolkit's runtime libraries";
    }
    CUctx_st ctx = new CUctx_st();
    rc = cuCtxCreate(ctx, null, 0, dev[0]);
    if (rc != 0) {
      return "CUDA backend unavailable: creating a context on device 0 failed (error " + rc
          + ")";
    }
    return new CudaRuntime(ctx, dev[0], arch, nvrtc);
  }
}

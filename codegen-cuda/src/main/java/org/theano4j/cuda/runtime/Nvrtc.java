package org.theano4j.cuda.runtime;

import static org.bytedeco.cuda.global.nvrtc.NVRTC_SUCCESS;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCompileProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCreateProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcDestroyProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBIN;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBINSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLog;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLogSize;

import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.theano4j.TheanoException;

/**
 * NVRTC compilation straight to CUBIN for the device's architecture (NVRTC 13.1's PTX is too
 * new for a 13.0 driver). Run on an H100 with CUDA 13.0's NVRTC (sm_90 CUBIN).
 */
final class Nvrtc {
  private Nvrtc() {}

  static byte[] compile(String source, int arch) {
    _nvrtcProgram prog = new _nvrtcProgram();
    nvrtcCreateProgram(prog, new BytePointer(source), new BytePointer("theano4j.cu"), 0,
        (PointerPointer<?>) null, (PointerPointer<?>) null);
    try {
      String[] opts = {"--gpu-architecture=sm_" + arch, "-std=c++17"};
      int rc = nvrtcCompileProgram(prog, opts.length, new PointerPointer<>(opts));
      if (rc != NVRTC_SUCCESS) {
        SizeTPointer n = new SizeTPointer(1);
        nvrtcGetProgramLogSize(prog, n);
        BytePointer log = new BytePointer(n.get());
        nvrtcGetProgramLog(prog, log);
        throw new TheanoException("NVRTC could not compile the generated kernels (a bug of "
            + "Theano4J's code generator): " + log.getString());
      }
      SizeTPointer n = new SizeTPointer(1);
      nvrtcGetCUBINSize(prog, n);
      BytePointer cubin = new BytePointer(n.get());
      nvrtcGetCUBIN(prog, cubin);
      byte[] out = new byte[(int) n.get()];
      cubin.get(out);
      return out;
    } finally {
      nvrtcDestroyProgram(prog);
    }
  }
}

#include "trace/trace-target_riscv_kvm.h"

"""What the benchmarks read about processes and the machine from /proc (Linux only)."""
import contextlib
import os
import signal
import subprocess
import time


def cpu_seconds(pid):
    """User + system CPU time of a process: its own work, which the other processes of a
    loaded machine do not inflate the way they do wall time."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid):
    """Resident memory now (VmRSS) and at its peak since the process started (VmHWM), in MB."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024  # kB
    return {"rssMb": round(values["VmRSS"], 1), "peakRssMb": round(values["VmHWM"], 1)}


def usage(pid):
    """CPU seconds so far and memory of a running process."""
    return {"cpuSeconds": round(cpu_seconds(pid), 2), **memory_mb(pid)}


def machine(repo):
    """Facts that explain a figure: cores, memory, CPU model, load average, the commit measured."""
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        total_kb = int(f.readline().split()[1])
    commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return {"cores": os.cpu_count(), "cpuModel": model, "memoryGb": round(total_kb / 2**20, 1),
            "commit": commit + ("+changes" if dirty else "")}


@contextlib.contextmanager
def perf_record(pids, path):
    """Samples the processes with `perf record` (call graphs) while the block runs; does nothing
    when path is None. Stopped with SIGINT, as perf expects, so it writes its file."""
    if path is None:
        yield
        return
    recorder = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-o", path, "-p",
                                 ",".join(str(p) for p in pids)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # attached before the work starts
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=120)

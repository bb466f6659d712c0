package cz.bridge.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * A poor man's profiler for one benchmark phase: CPU time of every live thread, grouped by
 * the thread's name with its numbers taken out, plus process CPU and GC between two
 * snapshots. Threads that end between the snapshots are not counted (their CPU is in the
 * process total), so the groups can add up to less than the process.
 */
final class ThreadCpuProfile {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long wallNanos;
    private final long processCpuNanos;
    private final Map<Long, long[]> threadCpu; // id -> {cpu nanos}
    private final Map<Long, String> threadGroup;
    private final long gcCount;
    private final long gcMillis;
    private final long jitMillis;
    private final long[] machineTicks; // {busy, total} from /proc/stat, or null

    private ThreadCpuProfile() {
        wallNanos = System.nanoTime();
        processCpuNanos = processCpu();
        threadCpu = new HashMap<>();
        threadGroup = new HashMap<>();
        if (THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    threadCpu.put(info.getThreadId(), new long[] {cpu});
                    threadGroup.put(info.getThreadId(), group(info.getThreadName()));
                }
            }
        }
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        gcCount = count;
        gcMillis = millis;
        var jit = ManagementFactory.getCompilationMXBean();
        jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        machineTicks = machineTicks();
    }

    /** Busy and total jiffies of all CPUs since boot (Linux), to see what other processes took. */
    private static long[] machineTicks() {
        try {
            String cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (Exception e) {
            return null;
        }
    }

    static ThreadCpuProfile snapshot() {
        return new ThreadCpuProfile();
    }

    /** The thread's name with digits folded, so that pools of numbered threads count as one group. */
    static String group(String name) {
        String folded = name.replaceAll("\\d+", "#");
        // Camel's JMS consumer threads carry the endpoint in their name; keep it short
        return folded.length() > 90 ? folded.substring(0, 90) + "…" : folded;
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** What happened between {@code start} and now, as report lines. */
    static List<String> since(ThreadCpuProfile start, int topGroups) {
        ThreadCpuProfile end = snapshot();
        double wall = (end.wallNanos - start.wallNanos) / 1e9;
        List<String> lines = new ArrayList<>();
        if (start.processCpuNanos >= 0 && end.processCpuNanos >= 0) {
            double cpu = (end.processCpuNanos - start.processCpuNanos) / 1e9;
            lines.add(String.format(Locale.ROOT, "process CPU      %.1f s over %.1f s wall = %.2f cores busy of %d (load generator, bridge and simulator share them)",
                    cpu, wall, cpu / wall, Runtime.getRuntime().availableProcessors()));
        }
        if (start.processCpuNanos >= 0 && start.machineTicks != null && end.machineTicks != null) {
            long totalTicks = end.machineTicks[1] - start.machineTicks[1];
            double cpus = Runtime.getRuntime().availableProcessors();
            double busyCores = totalTicks <= 0 ? 0 : cpus * (end.machineTicks[0] - start.machineTicks[0]) / totalTicks;
            double ours = (end.processCpuNanos - start.processCpuNanos) / 1e9 / wall;
            lines.add(String.format(Locale.ROOT, "machine CPU      %.2f cores busy in all; other processes %.2f cores%s", busyCores,
                    Math.max(0, busyCores - ours), busyCores - ours > 0.25 ? "  <-- the machine was shared: numbers are pessimistic" : ""));
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        lines.add(String.format(Locale.ROOT, "load average     %.2f (1 min, at the end)", load));
        lines.add(String.format(Locale.ROOT, "GC               %d collections, %d ms; JIT compiler time %s (elapsed, all compiler threads)", end.gcCount - start.gcCount,
                end.gcMillis - start.gcMillis, start.jitMillis < 0 ? "n/a" : (end.jitMillis - start.jitMillis) + " ms"));
        Map<String, long[]> byGroup = new HashMap<>();
        end.threadCpu.forEach((id, cpu) -> {
            long before = start.threadCpu.containsKey(id) ? start.threadCpu.get(id)[0] : 0;
            long[] slot = byGroup.computeIfAbsent(end.threadGroup.get(id), g -> new long[2]);
            slot[0] += cpu[0] - before;
            slot[1]++;
        });
        long total = byGroup.values().stream().mapToLong(v -> v[0]).sum();
        lines.add(String.format(Locale.ROOT, "CPU by thread group (live threads, %.1f s counted):", total / 1e9));
        byGroup.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(topGroups)
                .forEach(e -> lines.add(String.format(Locale.ROOT, "  %6.1f s  %5.1f%%  %3d thr  %s", e.getValue()[0] / 1e9,
                        total == 0 ? 0 : 100.0 * e.getValue()[0] / total, e.getValue()[1], e.getKey())));
        return lines;
    }
}

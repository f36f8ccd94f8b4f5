package com.wecomassist.load.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a result is worth without: the machine, its load, the date and the commit measured. */
public record MachineInfo(int cores, long memoryBytes, String cpu, double loadAverage, String os, String javaVersion,
                          String date, String commit) {

    public static MachineInfo current() {
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memory, cpuModel(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), gitCommit());
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the model is a nice-to-have.
        }
        return "unknown";
    }

    /** LOAD_COMMIT if the launcher set it, else {@code git rev-parse HEAD}, else "unknown". */
    private static String gitCommit() {
        String env = System.getenv("LOAD_COMMIT");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return new String(p.getInputStream().readAllBytes()).trim();
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // No git: say so in the report rather than fail the run.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("memory_bytes", memoryBytes);
        m.put("cpu", cpu);
        m.put("load_average_at_start", Window.round(loadAverage));
        m.put("os", os);
        m.put("java", javaVersion);
        m.put("date", date);
        m.put("commit", commit);
        return m;
    }

    public String markdown() {
        return "| machine | |\n|---|---|\n"
                + "| cores | " + cores + " |\n"
                + "| memory | " + String.format(java.util.Locale.ROOT, "%.1f GiB", memoryBytes / (1024.0 * 1024 * 1024)) + " |\n"
                + "| CPU | " + cpu + " |\n"
                + "| load average (1 min) at the start | " + String.format(java.util.Locale.ROOT, "%.2f", loadAverage) + " |\n"
                + "| OS | " + os + " |\n"
                + "| Java | " + javaVersion + " |\n"
                + "| date | " + date + " |\n"
                + "| commit | `" + commit + "` |\n";
    }
}

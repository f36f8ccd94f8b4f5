package com.wecomassist.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time as Linux counts it in {@code /proc/PID/stat} (user + system). */
public final class ProcessCpu {

    /** Linux's USER_HZ; /proc/PID/stat counts in it. */
    public static final double CLOCK_TICKS = 100.0;

    private ProcessCpu() {
    }

    /** utime + stime of a process in clock ticks, 0 when the pid is not given or not readable. */
    public static long ticks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            return parseTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime from one {@code /proc/PID/stat} line (the command may hold spaces and parentheses). */
    static long parseTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3, utime 14, stime 15 (1-based over the whole line)
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The pid in the environment variable {@code name} (set by ./assist load), 0 when absent. */
    public static long pidFromEnvironment(String name) {
        try {
            return Long.parseLong(System.getenv().getOrDefault(name, "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

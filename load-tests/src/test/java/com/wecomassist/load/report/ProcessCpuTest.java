package com.wecomassist.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void readsUserAndSystemTicksAfterACommandWithSpacesAndParentheses() {
        String stat = "4242 (java (gateway) x) S 1 4242 4242 0 -1 4194560 1 0 0 0 1234 56 7 8 20 0 30 0 100 0 0";
        assertThat(ProcessCpu.parseTicks(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void theWindowCountsTheCpuSpentInsideIt() throws Exception {
        long pid = ProcessHandle.current().pid();
        long now = System.currentTimeMillis();
        WindowCpu cpu = WindowCpu.start(pid, now + 100, now + 700);
        long busyUntil = now + 800;
        double sink = 0;
        while (System.currentTimeMillis() < busyUntil) {
            sink += Math.sqrt(sink + 1);
        }
        Thread.sleep(100);
        assertThat(sink).isPositive();
        // 0.6 s of wall time with this thread spinning: some CPU, and not more than the machine's cores allow
        assertThat(cpu.seconds()).isGreaterThan(0.05).isLessThan(0.6 * Runtime.getRuntime().availableProcessors() + 0.2);
    }

    @Test
    void withoutAPidThereIsNoFigure() {
        assertThat(WindowCpu.start(0, 0, 1).seconds()).isNaN();
    }
}

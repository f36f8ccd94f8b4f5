package com.wecomassist.compliance.bench;

import com.wecomassist.compliance.pii.PiiDetector;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.pii.PiiMatch;
import com.wecomassist.compliance.pii.PseudonymisedText;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latency of masking one customer message ({@code ./assist bench-compliance --masking}), single
 * thread, sample-time mode (percentiles), per message size ({@link CustomerMessages}):
 * <ul>
 *   <li>{@code numbersOnly}: {@link PiiDetector#find}, the whole cost of masking before names and
 *   addresses were added;</li>
 *   <li>{@code mask}: {@link PiiMasker#mask} (HanLP segmentation with name and place recognition,
 *   names, addresses, numbers), what the gateway's intake runs on every message;</li>
 *   <li>{@code pseudonymise}: {@link PiiMasker#pseudonymise}, what the drafter runs before the LLM.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class MaskingBenchmark {

    @Param({"short", "typical", "long"})
    public String size;

    private PiiDetector detector;
    private PiiMasker masker;
    private List<String> messages;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        detector = PiiDetector.standard();
        masker = new PiiMasker(detector);
        messages = switch (size) {
            case "short" -> CustomerMessages.SHORT;
            case "typical" -> CustomerMessages.TYPICAL;
            default -> CustomerMessages.LONG;
        };
    }

    private String nextMessage() {
        next = (next + 1) % messages.size();
        return messages.get(next);
    }

    @Benchmark
    public List<PiiMatch> numbersOnly() {
        return detector.find(nextMessage());
    }

    @Benchmark
    public String mask() {
        return masker.mask(nextMessage());
    }

    @Benchmark
    public PseudonymisedText pseudonymise() {
        return masker.pseudonymise(nextMessage());
    }
}

package dev.tailor.decisions;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * This node's render latency since it was last asked, for whatever must give way to renders (the facts consumer
 * applies more slowly while renders are slow). Renders record without locking; one reader takes a window at a time.
 */
@ApplicationScoped
public class RenderLatency {

    private final Recorder recorder = new Recorder(2);
    private Histogram recycled;

    /** The renders since the last window: how many, and their 99th percentile. */
    public record Window(long renders, long p99Micros) {}

    /** Records one render that took {@code nanos}. */
    public void record(long nanos) {
        recorder.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    /** The renders recorded since the last call, which starts a new window. */
    public synchronized Window take() {
        recycled = recorder.getIntervalHistogram(recycled);
        return new Window(recycled.getTotalCount(), recycled.getValueAtPercentile(99));
    }
}

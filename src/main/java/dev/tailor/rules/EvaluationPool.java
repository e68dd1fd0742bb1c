package dev.tailor.rules;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The threads rules run on: a bounded pool of their own (rules are user code and never run on the event loop or the
 * worker pool everything else shares), each evaluation under a deadline ({@code abandon-after}) that starts when a
 * thread takes it up.
 *
 * <p>An evaluation past its deadline is abandoned: its caller gets an {@link EvaluationFailedException} at once,
 * the Drools session is halted and the thread interrupted, and the pool gains a thread in its place (up to
 * {@code max-abandoned-threads}), so that a stuck rule costs its own answers only. A rule that ignores all of that (a
 * bare {@code while (true)}) is stopped outright after {@code stop-abandoned-after} where the JVM still allows it.
 * Threads are daemons: a stuck rule never holds up the JVM's exit.
 */
final class EvaluationPool {

    /** An evaluation's progress; its transitions happen under the job's lock. */
    private enum State {
        WAITING,
        RUNNING,
        DONE,
        ABANDONED,
        ENDED,
        STOPPED
    }

    /** One evaluation as the pool sees it; the work registers how to halt itself once it has a session. */
    static final class Job {

        private State state = State.WAITING;
        private Thread thread;
        private boolean replaced;
        private volatile Runnable halt = () -> {};

        void onAbandon(Runnable halt) {
            this.halt = halt;
        }

        synchronized boolean abandoned() {
            return state == State.ABANDONED || state == State.STOPPED;
        }
    }

    private final int threads;
    private final int maxAbandoned;
    private final Duration deadline;
    private final Duration stopAfter;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService watchdog;
    /** Threads added in place of abandoned ones that are still busy. */
    private final AtomicInteger replacements = new AtomicInteger();
    /** Abandoned evaluations still running. */
    private final AtomicInteger stuck = new AtomicInteger();

    EvaluationPool(int threads, int queue, int maxAbandoned, Duration deadline, Duration stopAfter) {
        this.threads = threads;
        this.maxAbandoned = maxAbandoned;
        this.deadline = deadline;
        this.stopAfter = stopAfter;
        AtomicInteger numbers = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue), work -> {
                    Thread thread = new Thread(work, "tailor-rules-" + numbers.incrementAndGet());
                    thread.setDaemon(true);
                    thread.setContextClassLoader(DroolsContext.APPLICATION);
                    return thread;
                });
        this.watchdog = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "tailor-rules-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code work} on a pool thread under the deadline. The answer fails with an
     * {@link EvaluationFailedException} when the work overran (after {@code overran} ran) or the queue was full,
     * and with the work's own exception when it threw. Cancelling the answer before a thread takes the work up
     * skips it.
     */
    <T> CompletableFuture<T> submit(Function<Job, T> work, Runnable overran) {
        return submit(work, overran, deadline);
    }

    /** {@link #submit(Function, Runnable)} under a deadline of its own. */
    <T> CompletableFuture<T> submit(Function<Job, T> work, Runnable overran, Duration deadline) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Job job = new Job();
        try {
            executor.execute(() -> run(job, work, answer, overran, deadline));
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new EvaluationFailedException(
                    EvaluationFailedException.Reason.REFUSED,
                    "no room for the evaluation: " + executor.getQueue().size() + " are waiting"));
        }
        return answer;
    }

    private <T> void run(
            Job job, Function<Job, T> work, CompletableFuture<T> answer, Runnable overran, Duration deadline) {
        synchronized (job) {
            if (answer.isDone()) {
                return; // its caller stopped waiting before a thread was free
            }
            job.state = State.RUNNING;
            job.thread = Thread.currentThread();
        }
        ScheduledFuture<?> due = watchdog.schedule(
                () -> overran(job, answer, overran, deadline), deadline.toNanos(), TimeUnit.NANOSECONDS);
        try {
            answer.complete(work.apply(job));
        } catch (Throwable failure) {
            answer.completeExceptionally(failure);
        } finally {
            due.cancel(false);
            ended(job);
            Thread.interrupted(); // an interrupt meant for this evaluation must not reach the next
        }
    }

    private void overran(Job job, CompletableFuture<?> answer, Runnable overran, Duration deadline) {
        synchronized (job) {
            if (job.state != State.RUNNING) {
                return;
            }
            job.state = State.ABANDONED;
            stuck.incrementAndGet();
            if (replacements.get() < maxAbandoned) {
                replacements.incrementAndGet();
                job.replaced = true;
                resize();
            }
            // Under the lock, so that neither reaches the thread once it has moved on to other work.
            try {
                job.halt.run();
            } catch (RuntimeException e) {
                Log.debugf("Could not halt an overrunning session: %s", e.toString());
            }
            job.thread.interrupt();
        }
        answer.completeExceptionally(new EvaluationFailedException(
                EvaluationFailedException.Reason.OVERRAN,
                "the rules ran past the evaluation deadline of " + deadline.toMillis() + " ms"));
        overran.run();
        watchdog.schedule(() -> stop(job), stopAfter.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void ended(Job job) {
        synchronized (job) {
            if (job.state == State.ABANDONED) {
                Log.infof("An abandoned rule evaluation ended on %s", job.thread.getName());
                release(job);
            }
            job.state = job.state == State.RUNNING ? State.DONE : State.ENDED;
        }
    }

    /** Stops a thread still stuck in an abandoned evaluation, where the JVM allows it. */
    @SuppressWarnings({"deprecation", "removal"})
    private void stop(Job job) {
        synchronized (job) {
            if (job.state != State.ABANDONED) {
                return;
            }
            job.state = State.STOPPED;
            release(job);
            Log.errorf(
                    "A rule evaluation on %s ignored its interrupt for %d ms: stopping the thread",
                    job.thread.getName(), stopAfter.toMillis());
            try {
                job.thread.stop();
            } catch (UnsupportedOperationException e) {
                Log.errorf(
                        "This JVM cannot stop %s: it stays busy with a stuck rule until the JVM ends",
                        job.thread.getName());
            }
        }
    }

    /** Called under the job's lock: the job no longer holds a thread the pool counts as lost. */
    private void release(Job job) {
        stuck.decrementAndGet();
        if (job.replaced) {
            replacements.decrementAndGet();
            resize();
        }
    }

    private synchronized void resize() {
        int size = threads + replacements.get();
        if (size > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(size);
            executor.setCorePoolSize(size);
        } else {
            executor.setCorePoolSize(size);
            executor.setMaximumPoolSize(size);
        }
    }

    /** Abandoned evaluations still running. */
    int stuck() {
        return stuck.get();
    }

    /** Threads the pool has now, busy or idle. */
    int size() {
        return executor.getPoolSize();
    }

    void shutdown() {
        executor.shutdownNow();
        watchdog.shutdownNow();
    }
}

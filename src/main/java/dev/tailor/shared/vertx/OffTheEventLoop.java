package dev.tailor.shared.vertx;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * CPU work of a request taken off the event loop that renders share, without holding a worker thread while the
 * work's I/O is awaited: {@code work} runs on a worker, {@code then} follows (its I/O answered on whatever thread),
 * and the result comes back on the caller's Vert.x context, where Quarkus resumes the request.
 */
public final class OffTheEventLoop {

    private OffTheEventLoop() {}

    /** {@code work} on a worker thread, then {@code then}; emitted on the calling context. */
    public static <T, R> Uni<R> run(Supplier<T> work, Function<T, Uni<R>> then) {
        Executor caller = callerContext();
        return Uni.createFrom()
                .item(work)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(then::apply)
                .emitOn(caller);
    }

    /** Runs commands on the calling thread's Vert.x context (as they are, off any context). */
    public static Executor callerContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> context.runOnContext(ignored -> command.run());
    }
}

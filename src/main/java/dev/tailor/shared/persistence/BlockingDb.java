package dev.tailor.shared.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Hibernate Reactive work awaited from a worker thread (admin endpoints, start-up, schedulers): it runs on a
 * Vert.x context, as Hibernate Reactive requires, while the caller blocks. Never call it on an event loop.
 */
public final class BlockingDb {

    private BlockingDb() {}

    public static <T> T session(Supplier<Uni<T>> work) {
        return await(() -> Panache.withSession(work));
    }

    public static <T> T transaction(Supplier<Uni<T>> work) {
        return await(() -> Panache.withTransaction(work));
    }

    /** Any reactive work that needs a Vert.x context, awaited. */
    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}

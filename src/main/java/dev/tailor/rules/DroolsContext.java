package dev.tailor.rules;

import java.util.function.Supplier;

/**
 * Runs Drools calls with the application's class loader as the thread's context class loader. Drools initialises
 * static singletons from the context class loader on first use; a first call from a foreign thread (a common pool
 * worker, say) would leave Drools unable to see Tailor's fact classes for the JVM's lifetime.
 */
final class DroolsContext {

    static final ClassLoader APPLICATION = DroolsContext.class.getClassLoader();

    private DroolsContext() {}

    static <T> T call(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(APPLICATION);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}

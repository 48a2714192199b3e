package dlx.model.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A second thread for the halves of large matrix products. The caller posts one half and computes the
 * other; if this thread has not taken the posted half by then (the machine is busy and it got no core),
 * the caller computes that half too. So a loaded machine costs a run its second core, never the minutes
 * that threads waiting on each other's time slices cost (OpenBLAS's own threads, BENCHMARKS.md). Which
 * thread computes a half changes no result: the halves are the same products either way.
 */
final class ProductThread extends Thread {
    /** How long either thread spins before it parks: about a product's worth of time on this machine. */
    private static final long SPIN_NANOS = 100_000;
    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int TAKEN = 2;
    private static final int DONE = 3;
    private static ProductThread instance;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Runnable task;
    private volatile Thread waiting;
    private volatile Throwable failure;
    /** For tests: a thread that never takes a half, as on a machine that never gives it a core. */
    volatile boolean idle;

    private ProductThread() {
        super("dlx-products");
        setDaemon(true);
    }

    static synchronized ProductThread get() {
        if (instance == null) {
            instance = new ProductThread();
            instance.start();
        }
        return instance;
    }

    /** Runs both halves: {@code mine} on the calling thread, {@code posted} on this one if it takes it in time. */
    void both(Runnable mine, Runnable posted) {
        task = posted;
        state.set(POSTED);
        LockSupport.unpark(this);
        mine.run();
        if (state.compareAndSet(POSTED, IDLE)) {
            posted.run();
            return;
        }
        long start = System.nanoTime();
        while (state.get() != DONE) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                waiting = Thread.currentThread();
                if (state.get() != DONE) {
                    LockSupport.park(this);
                }
                waiting = null;
            }
        }
        state.set(IDLE);
        Throwable thrown = failure;
        if (thrown != null) {
            failure = null;
            if (thrown instanceof Error error) {
                throw error;
            }
            throw thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
        }
    }

    @Override
    public void run() {
        while (true) {
            long start = System.nanoTime();
            while (idle || state.get() != POSTED) {
                if (!idle && System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    start = System.nanoTime();
                }
            }
            if (!state.compareAndSet(POSTED, TAKEN)) {
                continue; // the caller took it back
            }
            try {
                task.run();
            } catch (Throwable e) {
                failure = e;
            }
            state.set(DONE);
            Thread caller = waiting;
            if (caller != null) {
                LockSupport.unpark(caller);
            }
        }
    }
}

package dev.quarry;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of async and batch calls when none is configured: one virtual thread per call on
 * Java 21+ (found by reflection, so Java 17 runs this class too), else a pool of {@value
 * #PLATFORM_THREADS} daemon platform threads that end when idle. Created on first use, shared by
 * every {@link Quarry}.
 */
final class AsyncExecutors {
  static final int PLATFORM_THREADS = 64;

  private AsyncExecutors() {}

  static ExecutorService shared() {
    return Holder.EXECUTOR;
  }

  /** Whether {@link #shared()} runs calls on virtual threads. */
  static boolean virtualThreads() {
    return Holder.VIRTUAL;
  }

  private static final class Holder {
    static final ExecutorService EXECUTOR;
    static final boolean VIRTUAL;

    static {
      ExecutorService virtual = virtualThreadExecutor();
      VIRTUAL = virtual != null;
      EXECUTOR = virtual != null ? virtual : platformThreadPool();
    }
  }

  private static ExecutorService virtualThreadExecutor() {
    try {
      Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) factory.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // Java 17-20: no virtual threads
    }
  }

  private static ExecutorService platformThreadPool() {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "quarry-async-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(PLATFORM_THREADS, PLATFORM_THREADS,
        30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}

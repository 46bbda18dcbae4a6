package vae.kernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs JShell snippets inside the kernel's JVM, so that a cell's value reaches the kernel as
 * the object itself (a BufferedImage, a Table), not as JShell's string of it.
 *
 * <p>Each snippet runs on its own thread. {@link #stop()} (Jupyter's interrupt) stops that
 * thread with {@code Thread.stop}: a student's endless loop checks no interrupt flag, and
 * Thread.stop is the one thing that ends it while keeping the JVM, and with it every variable
 * already defined, alive. It works on Java 17; from Java 20 on it throws, and the stop comes
 * from {@link StopCheck}, woven into every class the cells define, plus an interrupt for a
 * cell that sleeps or waits. The CPU time of the cells' threads is counted for %time.
 */
final class InProcessExecutionControl extends DirectExecutionControl {
    /** Stands for a null result in the map, which cannot hold null. */
    private static final Object NULL = new Object();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();
    private volatile Thread running;
    private volatile boolean stopRequested;
    private final AtomicLong cpuNanos = new AtomicLong();

    /**
     * JShell asks the provider for its ExecutionControl while it is being built; this
     * provider hands over the one instance the kernel keeps a reference to.
     */
    ExecutionControlProvider provider() {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "vae-kernel-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return InProcessExecutionControl.this;
            }
        };
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] woven = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            woven[i] = new ClassBytecodes(cbcs[i].name(), StopCheck.instrument(cbcs[i].bytecodes()));
        }
        super.load(woven);
    }

    /**
     * Defines a class compiled ahead of time (a renderer) in the class loader of the snippets,
     * where it sees the notebook's class path as the cells do: the same loader, so the same
     * XChart and Tablesaw classes. The class must not be on the kernel's own class path, or
     * that loader, asked first, would define it without the notebook's libraries.
     */
    Class<?> defineClass(String name, byte[] bytecodes) throws Exception {
        super.load(new ClassBytecodes[]{new ClassBytecodes(name, bytecodes)});
        return findClass(name);
    }

    /**
     * Runs the snippet's "do it" method. JShell only takes a String back, so the real result
     * is kept here and the String is a key for {@link #takeResult(String)}.
     */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] value = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            long cpu0 = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
            try {
                value[0] = doitMethod.invoke(null);
            } catch (Throwable t) { // includes the ThreadDeath that Thread.stop raises
                failure[0] = t;
            } finally {
                if (THREADS.isCurrentThreadCpuTimeSupported()) {
                    cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                }
            }
        }, "vae-kernel-cell");
        worker.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        running = worker;
        try {
            worker.start();
            worker.join(); // join() gives the happens-before edge for value[0] and failure[0]
        } finally {
            running = null;
        }
        Throwable cause = failure[0] instanceof InvocationTargetException ? failure[0].getCause() : failure[0];
        if (stopRequested || cause instanceof ThreadDeath || cause instanceof StopCheck.Stopped) {
            throw new StoppedException();
        }
        if (failure[0] instanceof Exception) {
            // An InvocationTargetException is unwrapped by DirectExecutionControl into the user's
            // exception with its stack trace, which JShell maps to snippet line numbers.
            throw (Exception) failure[0];
        }
        if (failure[0] != null) { // an Error that is not ThreadDeath, e.g. OutOfMemoryError
            throw new InvocationTargetException(failure[0]);
        }
        String key = Long.toString(nextKey.incrementAndGet());
        results.put(key, value[0] == null ? NULL : value[0]);
        return key;
    }

    /** The object a snippet produced, by the key JShell reported as the snippet's value. */
    Object takeResult(String key) {
        Object result = results.remove(key);
        return result == NULL ? null : result;
    }

    /** Forget results nobody took (declarations, statements): called before each cell. */
    void clearResults() {
        results.clear();
        stopRequested = false;
        StopCheck.clear();
    }

    /** CPU time the cells' threads have used so far (for %time). */
    long cpuNanos() {
        return cpuNanos.get();
    }

    /** True on the thread that runs a snippet (where an inline magic is called from). */
    boolean onCellThread() {
        return Thread.currentThread() == running;
    }

    /** True if the cell being run was interrupted; cleared by {@link #clearResults()}. */
    boolean wasStopped() {
        return stopRequested;
    }

    /** Called by JShell.stop(), from the control channel's thread while a cell runs. */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        stopRequested = true;
        StopCheck.request();
        Thread worker = running;
        if (worker == null) {
            return;
        }
        try {
            worker.stop();
        } catch (UnsupportedOperationException e) { // Java 20+: StopCheck ends loops, this ends waits
            worker.interrupt();
        }
    }
}

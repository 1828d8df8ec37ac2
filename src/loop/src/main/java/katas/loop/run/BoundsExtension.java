package katas.loop.run;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import katas.testkit.jcstress.RaceProofs;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Applies the run's {@link Bounds} inside JUnit: a test the bounds leave out is disabled with the reason, and every
 * test and lifecycle method runs on a thread of its own for at most the bounds' cap, then fails with a
 * {@link TimeoutException} that says why. Registered by JUnit's extension auto-detection, which only the kata runner
 * turns on ({@link Runner}); with bounds off (solution and integrity runs, the IDE) it changes nothing.
 */
public final class BoundsExtension implements ExecutionCondition, InvocationInterceptor {

    /** How a reason to leave a test out starts; the runner tells the bounds' skips from others by it. */
    static final String NOT_RUN = "not run: ";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestClass().isEmpty()) {
            return ConditionEvaluationResult.enabled("not a test class");
        }
        Class<?> top = topLevel(context.getRequiredTestClass());
        return Bounds.current()
                .whyNotRun(top.getName(), proof(top))
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("within the run's bounds"));
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        capped(invocation, call, context);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        capped(invocation, call, context);
    }

    @Override
    public void interceptBeforeAllMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        capped(invocation, call, context);
    }

    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        capped(invocation, call, context);
    }

    @Override
    public void interceptAfterEachMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        capped(invocation, call, context);
    }

    @Override
    public void interceptAfterAllMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        capped(invocation, call, context);
    }

    private static void capped(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        Bounds bounds = Bounds.current();
        long cap = bounds.capMillis(proof(topLevel(call.getTargetClass())));
        if (cap <= 0) {
            invocation.proceed();
            return;
        }
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                return invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExecutionException(t);
            }
        });
        Thread runner = new Thread(task, "katas-bounded-" + call.getExecutable().getName());
        runner.setDaemon(true);
        runner.start();
        try {
            task.get(cap, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof ExecutionException inner && inner.getCause() != null ? inner.getCause() : cause;
        } catch (TimeoutException e) {
            StackTraceElement[] where = runner.getStackTrace();
            runner.interrupt();
            long failing = bounds.failingMillis();
            String why = failing == 0
                    ? "the longest a kata test may run in ./mvnw test and watch mode"
                    : "the time left for this run: earlier tests spent " + (failing / 1000)
                            + " s failing or running out of time; make them pass, or run this step alone"
                            + " (-Dtest='" + topLevel(call.getTargetClass()).getSimpleName() + "')";
            TimeoutException timeout = new TimeoutException(
                    call.getExecutable().getName() + "() ran out of time after " + seconds(cap) + " s, " + why);
            timeout.setStackTrace(where);
            throw timeout;
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.format("%.1f", millis / 1000.0);
    }

    private static boolean proof(Class<?> top) {
        return top.isAnnotationPresent(RaceProofs.class);
    }

    private static Class<?> topLevel(Class<?> c) {
        Class<?> top = c;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return top;
    }
}

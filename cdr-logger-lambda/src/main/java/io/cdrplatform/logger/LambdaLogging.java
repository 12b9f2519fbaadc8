package io.cdrplatform.logger;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.common.internal.LambdaHandlerProcessor;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Fills the Lambda fields of Powertools' log layout (log4j2.xml's LambdaJsonLayout), which reads
 * them from the MDC: {@code service} (POWERTOOLS_SERVICE_NAME), and per invocation the function
 * name, ARN, version, request id and cold start. Powertools' {@code @Logging} aspect would do it,
 * but nothing weaves it here, so the handlers call this; without it every field is null.
 */
final class LambdaLogging {

    /** The MDC key of the layout's {@code service} field (Powertools' PowertoolsLoggedFields.SERVICE). */
    private static final String SERVICE = "service";

    private LambdaLogging() {
    }

    /** Runs the handler's set-up (before any invocation, so there is no context yet) with the service named. */
    static <T> T duringInit(Supplier<T> init) {
        MDC.put(SERVICE, LambdaHandlerProcessor.serviceName());
        try {
            return init.get();
        } finally {
            MDC.remove(SERVICE);
        }
    }

    /** Runs one invocation with Powertools' fields set; without a context (cdr-local, tests) as it is. */
    static <T> T duringInvocation(Context context, Supplier<T> handling) {
        return context == null ? handling.get() : PowertoolsLogging.withLogging(context, handling);
    }
}

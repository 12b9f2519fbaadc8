package io.cdrplatform.deployment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/**
 * A Lambda handler string as the runtime interface client takes it ({@code package.Class::method})
 * and what the client needs of it: a public class with a public no-argument constructor, and a
 * public method of that name taking the event and the {@link Context}.
 */
record LambdaHandlerName(String className, String methodName) {

    static LambdaHandlerName parse(String handler) {
        int separator = handler.indexOf("::");
        if (separator <= 0 || separator + 2 >= handler.length()) {
            throw new AssertionError("not a Lambda handler name (package.Class::method): " + handler);
        }
        return new LambdaHandlerName(handler.substring(0, separator), handler.substring(separator + 2));
    }

    /** Loads the class and checks it can be a handler; the failure message says what is wrong. */
    Class<?> verify() {
        Class<?> handlerClass;
        try {
            handlerClass = Class.forName(className, false, LambdaHandlerName.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("handler class " + className + " is not on the classpath", e);
        }
        if (!Modifier.isPublic(handlerClass.getModifiers()) || Modifier.isAbstract(handlerClass.getModifiers())) {
            throw new AssertionError(className + " must be a public concrete class");
        }
        try {
            if (!Modifier.isPublic(handlerClass.getConstructor().getModifiers())) {
                throw new AssertionError(className + " needs a public no-argument constructor");
            }
        } catch (NoSuchMethodException e) {
            throw new AssertionError(className + " needs a public no-argument constructor (Lambda builds it)", e);
        }
        if (!RequestHandler.class.isAssignableFrom(handlerClass) && !RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
            throw new AssertionError(className + " implements neither RequestHandler nor RequestStreamHandler");
        }
        List<Method> candidates = Arrays.stream(handlerClass.getMethods())
                .filter(method -> method.getName().equals(methodName) && !method.isBridge()
                        && method.getParameterCount() >= 1
                        && method.getParameterTypes()[method.getParameterCount() - 1] == Context.class)
                .toList();
        if (candidates.isEmpty()) {
            throw new AssertionError(className + " has no public " + methodName + "(event, Context) method");
        }
        return handlerClass;
    }

    @Override
    public String toString() {
        return className + "::" + methodName;
    }
}

package io.cdrplatform.local;

/** A port cdr-local needs is taken: a clear start-up error naming the variable that moves it. */
public final class PortInUseException extends RuntimeException {
    public PortInUseException(String what, String host, int port, String variable) {
        super(what + " cannot listen on " + host + ":" + port + " because the port is in use; set "
                + variable + " to another port (or stop what uses it)");
    }
}

package cz.bridge.logging;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A WARN (or ERROR) line that a flood cannot multiply: the first one is written, then at most one per
 * interval, saying how many were left out meanwhile. For refusals at the public callback port,
 * where whoever sends the requests decides how many there are, for failed logins to the management port,
 * and for what the bridge's own 20 deliveries meet at once, such as a token endpoint that refuses the client credentials.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicReference<String> lastWhat = new AtomicReference<>();

    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    public void warn(String format, Object... arguments) {
        write(Level.WARN, format, arguments);
    }

    /**
     * As {@link #warn(String, Object...)}, but a line about something else than the last one (what) is written at
     * once: a new failure is news, the same one again is not.
     */
    public void warnOnChange(String what, String format, Object... arguments) {
        writeOnChange(Level.WARN, what, format, arguments);
    }

    /** As {@link #warnOnChange}, at ERROR: a failure that loses callbacks (each one answered 503) while it lasts. */
    public void errorOnChange(String what, String format, Object... arguments) {
        writeOnChange(Level.ERROR, what, format, arguments);
    }

    private void writeOnChange(Level level, String what, String format, Object... arguments) {
        if (!Objects.equals(lastWhat.getAndSet(what), what)) {
            suppressed.set(0);
            nextAllowed.set(System.nanoTime() + intervalNanos);
            log.atLevel(level).log(format, arguments);
            return;
        }
        write(level, format, arguments);
    }

    private void write(Level level, String format, Object... arguments) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed != Long.MIN_VALUE && now - allowed < 0) || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        log.atLevel(level).log(left == 0 ? format : format + " (and " + left + " more like it left out of the log since the last one)", arguments);
    }

    /** The failure is over: the next line, whatever it says, is written at once. */
    public void reset() {
        lastWhat.set(null);
        suppressed.set(0);
        nextAllowed.set(Long.MIN_VALUE);
    }
}

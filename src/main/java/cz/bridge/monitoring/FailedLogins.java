package cz.bridge.monitoring;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong management logins per source: after {@value #MAX_IN_A_ROW} in a row, that source's logins are refused until
 * the pause has passed since its last wrong one. Spring Security has no such limit, and at BCrypt's cost 4 a stranger
 * could try about a thousand passwords a second per core on a management port bound to 0.0.0.0 (the Docker image's).
 * A right login clears the source's count; requests without credentials (health probes) are never refused.
 * <p>
 * A source is an IPv4 address or an IPv6 /64; beyond {@value #MAX_SOURCES}, sources not counted yet share one count
 * ({@link #OTHERS}); sources with a right login (up to {@value #MAX_RIGHT}) keep their own; logins being checked count
 * towards the ten ({@link #begin}). Why each: docs/security.md, the failed-login paragraphs after "Logs keep their shape".
 */
public class FailedLogins {

    static final int MAX_IN_A_ROW = 10;
    static final int MAX_SOURCES = 10_000;
    private static final int MAX_RIGHT = 1_000;
    /** The source that the wrong logins of the sources beyond {@link #MAX_SOURCES} are counted as. */
    static final String OTHERS = "other addresses";

    private final Duration pause;
    private final Clock clock;
    private final Map<String, Tally> bySource = new ConcurrentHashMap<>();
    private final Set<String> rightBefore = ConcurrentHashMap.newKeySet();

    private record Tally(int inARow, Instant last, int checking) {
    }

    /** Why a login is not checked: seconds until the source is taken again, and the answer's words. */
    public record Refused(long seconds, String why) {
    }

    /** @param pause how long a source's logins are refused after its last wrong one, once it had too many; 0: never */
    public FailedLogins(Duration pause, Clock clock) {
        this.pause = pause;
        this.clock = clock;
    }

    /**
     * What a login from this address counts for: its source, or {@link #OTHERS} while {@value #MAX_SOURCES} sources are
     * counted (after those whose pause has passed are let go). Null for null.
     */
    public String countedAs(String address) {
        String source = source(address);
        if (source == null || pause.isZero() || bySource.containsKey(source) || rightBefore.contains(source)) {
            return source;
        }
        if (bySource.size() >= MAX_SOURCES) {
            Instant now = clock.instant();
            bySource.values().removeIf(tally -> tally.checking() == 0 && over(tally, now));
        }
        return bySource.size() >= MAX_SOURCES ? OTHERS : source;
    }

    /** A wrong login, from an address or from what {@link #countedAs} gave for it. */
    public void failed(String address) {
        if (pause.isZero() || address == null) {
            return;
        }
        Instant now = clock.instant();
        bySource.compute(countedAs(address), (a, before) -> new Tally(before == null || over(before, now) ? 1 : before.inARow() + 1, now,
                before == null ? 0 : before.checking()));
    }

    /**
     * Before a login's password is checked, with what {@link #countedAs} gave: null when it is to be checked (and counted
     * as being checked until {@link #end}), else why not.
     */
    public Refused begin(String countedAs) {
        if (pause.isZero() || countedAs == null) {
            return null;
        }
        long wait = refusedForSeconds(countedAs);
        if (wait > 0) {
            return new Refused(wait, OTHERS.equals(countedAs)
                    ? "wrong logins from more than " + MAX_SOURCES + " addresses within " + pause.toSeconds() + " s, and "
                            + MAX_IN_A_ROW + " in a row from addresses beyond them: logins from addresses without a right"
                            + " login before are refused for " + wait + " s more"
                    : MAX_IN_A_ROW + " wrong logins in a row from this address: logins from it are refused for " + wait
                            + " s more");
        }
        Instant now = clock.instant();
        boolean[] admitted = {false};
        bySource.compute(countedAs, (a, before) -> {
            int inARow = before == null || over(before, now) ? 0 : before.inARow();
            int checking = before == null ? 0 : before.checking();
            if (inARow + checking >= MAX_IN_A_ROW) {
                return before;
            }
            admitted[0] = true;
            return new Tally(inARow, before == null ? now : before.last(), checking + 1);
        });
        return admitted[0] ? null : new Refused(1, "logins from this address being checked at once and wrong in a row make "
                + MAX_IN_A_ROW + ": send one at a time");
    }

    /** After a login {@link #begin} admitted has been checked, right or wrong: with what begin was given. */
    public void end(String countedAs) {
        if (pause.isZero() || countedAs == null) {
            return;
        }
        bySource.computeIfPresent(countedAs, (a, tally) -> tally.inARow() == 0 && tally.checking() <= 1 ? null
                : new Tally(tally.inARow(), tally.last(), Math.max(0, tally.checking() - 1)));
    }

    /**
     * A right login clears its source's wrong ones in a row, not its logins being checked: behind one proxy address for
     * everyone, the others' guesses in flight were forgotten, ten more let through at each right login. The source is
     * counted on its own from now on, also beyond {@value #MAX_SOURCES}; the wrong logins of {@link #OTHERS} stay.
     */
    public void succeeded(String address) {
        String source = source(address);
        if (source == null) {
            return;
        }
        // only right logins come here, so the set grows with the operators' own addresses; cleared rather than
        // refused when full, which only returns them to the common count
        if (rightBefore.size() >= MAX_RIGHT) {
            rightBefore.clear();
        }
        rightBefore.add(source);
        bySource.computeIfPresent(source, (a, tally) -> tally.checking() == 0 ? null : new Tally(0, tally.last(), tally.checking()));
    }

    /** Seconds until logins counted as this are taken again (rounded up), 0 when they are. */
    public long refusedForSeconds(String countedAs) {
        Tally tally = countedAs == null ? null : bySource.get(countedAs);
        if (tally == null || tally.inARow() < MAX_IN_A_ROW) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), tally.last().plus(pause));
        return left.isNegative() || left.isZero() ? 0 : (left.toMillis() + 999) / 1000;
    }

    /** An IPv4 address as it is, an IPv6 one as its /64 network (a mapped IPv4 address as that); else as it came. */
    static String source(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            // a literal only: never a name lookup
            InetAddress parsed = InetAddress.ofLiteral(address);
            if (parsed instanceof Inet4Address) {
                return parsed.getHostAddress();
            }
            byte[] network = Arrays.copyOf(parsed.getAddress(), 16);
            Arrays.fill(network, 8, 16, (byte) 0);
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (IllegalArgumentException | UnknownHostException e) {
            return address;
        }
    }

    private boolean over(Tally tally, Instant now) {
        return !tally.last().plus(pause).isAfter(now);
    }
}

package cz.bridge.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong management logins per address: after {@value #MAX_IN_A_ROW} in a row, that address's logins are refused until
 * the pause has passed since its last wrong one. Spring Security has no such limit, and at BCrypt's cost 4 a stranger
 * could try about a thousand passwords a second per core on a management port bound to 0.0.0.0 (the Docker image's).
 * A right login clears the address's count; requests without credentials (health probes) are never refused.
 * <p>
 * The logins an address has being checked count towards the ten as well ({@link #begin}): a guess counts as wrong only
 * once it has been checked, so guesses sent all at once were each let through before any of them was counted.
 */
public class FailedLogins {

    static final int MAX_IN_A_ROW = 10;
    /** Addresses kept at once: a stranger with many addresses cannot grow the map without bound. */
    private static final int MAX_ADDRESSES = 10_000;

    private final Duration pause;
    private final Clock clock;
    private final Map<String, Tally> byAddress = new ConcurrentHashMap<>();

    private record Tally(int inARow, Instant last, int checking) {
    }

    /** Why a login is not checked: seconds until the address is taken again, and the answer's words. */
    public record Refused(long seconds, String why) {
    }

    /** @param pause how long an address's logins are refused after its last wrong one, once it had too many; 0: never */
    public FailedLogins(Duration pause, Clock clock) {
        this.pause = pause;
        this.clock = clock;
    }

    public void failed(String address) {
        if (pause.isZero() || address == null) {
            return;
        }
        Instant now = clock.instant();
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.values().removeIf(tally -> over(tally, now));
            if (byAddress.size() >= MAX_ADDRESSES) {
                byAddress.clear();
            }
        }
        byAddress.compute(address, (a, before) -> new Tally(before == null || over(before, now) ? 1 : before.inARow() + 1, now,
                before == null ? 0 : before.checking()));
    }

    /**
     * Before a login's password is checked: null when it is to be checked (and counted as being checked until
     * {@link #end}), else why not.
     */
    public Refused begin(String address) {
        if (pause.isZero() || address == null) {
            return null;
        }
        long wait = refusedForSeconds(address);
        if (wait > 0) {
            return new Refused(wait, MAX_IN_A_ROW + " wrong logins in a row from this address: logins from it are refused for "
                    + wait + " s more");
        }
        Instant now = clock.instant();
        boolean[] admitted = {false};
        byAddress.compute(address, (a, before) -> {
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

    /** After a login {@link #begin} admitted has been checked, right or wrong. */
    public void end(String address) {
        if (pause.isZero() || address == null) {
            return;
        }
        byAddress.computeIfPresent(address, (a, tally) -> tally.inARow() == 0 && tally.checking() <= 1 ? null
                : new Tally(tally.inARow(), tally.last(), Math.max(0, tally.checking() - 1)));
    }

    /**
     * A right login clears the address's wrong ones in a row, not its logins being checked: behind one proxy address for
     * everyone, the others' guesses in flight were forgotten, ten more let through at each right login.
     */
    public void succeeded(String address) {
        if (address != null) {
            byAddress.computeIfPresent(address, (a, tally) -> tally.checking() == 0 ? null : new Tally(0, tally.last(), tally.checking()));
        }
    }

    /** Seconds until the address's logins are taken again (rounded up), 0 when they are. */
    public long refusedForSeconds(String address) {
        Tally tally = address == null ? null : byAddress.get(address);
        if (tally == null || tally.inARow() < MAX_IN_A_ROW) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), tally.last().plus(pause));
        return left.isNegative() || left.isZero() ? 0 : (left.toMillis() + 999) / 1000;
    }

    private boolean over(Tally tally, Instant now) {
        return !tally.last().plus(pause).isAfter(now);
    }
}

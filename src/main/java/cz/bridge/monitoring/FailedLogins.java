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
 */
public class FailedLogins {

    static final int MAX_IN_A_ROW = 10;
    /** Addresses kept at once: a stranger with many addresses cannot grow the map without bound. */
    private static final int MAX_ADDRESSES = 10_000;

    private final Duration pause;
    private final Clock clock;
    private final Map<String, Tally> byAddress = new ConcurrentHashMap<>();

    private record Tally(int inARow, Instant last) {
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
        byAddress.compute(address, (a, before) -> new Tally(before == null || over(before, now) ? 1 : before.inARow() + 1, now));
    }

    public void succeeded(String address) {
        if (address != null) {
            byAddress.remove(address);
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

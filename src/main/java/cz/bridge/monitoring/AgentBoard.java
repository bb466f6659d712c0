package cz.bridge.monitoring;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an operator sees per agent: the current Daktela state, the AristoTelos state it maps
 * to, since when, the last delivery's outcome, and today's timeline of delivered states
 * (the "real states" row AristoTelos shows). Kept in memory; it fills again as events flow.
 *
 * <p>Agent names come from outside: the board keeps at most {@link #MAX_AGENTS} rows, and makes
 * room by dropping the row of the agent longest without any event (accepted, delivered, retried
 * or parked).
 */
public class AgentBoard {

    /**
     * One delivered state on an agent's timeline; origin "repair" when reconciliation stored it
     * (from Daktela's live sessions), null for a callback's.
     */
    public record Segment(String state, String code, String reasonCode, OffsetDateTime from, String origin) {

        boolean before(LocalDate day, ZoneId zone) {
            return from.atZoneSameInstant(zone).toLocalDate().isBefore(day);
        }
    }

    public record Agent(String user, String daktelaState, String aristotelosState, OffsetDateTime since,
                        String lastOutcome, OffsetDateTime lastOutcomeAt, List<Segment> today) {
    }

    private static final int MAX_SEGMENTS_PER_DAY = 1000;
    /**
     * Segments of all rows together (~110 bytes each; a row's own bound on every row would be over a GB): 200 a day for
     * each of 500 agents, some 11 MB. Once reached, a delivery shows on its row but adds no segment until the next day
     * or until rows are dropped.
     */
    static final int MAX_SEGMENTS = 100_000;
    /**
     * The intake records an event as accepted only after it is stored, so the consumer may have
     * delivered or parked it already; remembering the last few finished ids per agent keeps such a
     * late "accepted" from turning the outcome back to "waiting". Events finished without an
     * "accepted" in this process (replays, events stored before a restart) just age out.
     */
    private static final int FINISHED_IDS_REMEMBERED = 32;

    /** Rows kept at most (docs/operating.md): some 500 agents a call centre, with room to spare. */
    public static final int MAX_AGENTS = 10_000;

    private final Clock clock;
    private final ZoneId zone;
    private final int maxAgents;
    /** In the order of their last update (access order), the longest unchanged first; guarded by itself. */
    private final Map<String, Row> rows;
    /** The segments of the rows kept, each added or removed under its row's lock. */
    private final AtomicInteger segments = new AtomicInteger();
    /** The day every row's earlier days' segments were last taken off (sweepEarlierDays). */
    private volatile LocalDate sweptOn;

    private static final class Row {
        String daktelaState;
        String aristotelosState;
        OffsetDateTime lastDelivered;
        OffsetDateTime since;
        String lastOutcome = "waiting";
        OffsetDateTime lastOutcomeAt;
        final List<Segment> timeline = new ArrayList<>();
        /** Dropped from the board (the oldest beyond its rows): a delivery that had taken it before no longer counts. */
        boolean dropped;
        /**
         * The ids' hashes, not the ids (up to 128 characters, 32 per row, on up to 10,000 rows): two ids of one agent
         * with one hash among its last 32 only show "delivered" a moment early.
         */
        final Deque<Integer> finishedIds = new ArrayDeque<>();

        void finished(String eventId) {
            if (eventId != null) {
                if (finishedIds.size() == FINISHED_IDS_REMEMBERED) {
                    finishedIds.removeFirst();
                }
                finishedIds.addLast(eventId.hashCode());
            }
        }

        /** Only today's segments: those of an earlier day leave the list at the agent's next delivery, not at midnight. */
        synchronized Agent agent(String user, LocalDate today, ZoneId zone) {
            List<Segment> todays = timeline.stream().filter(s -> !s.before(today, zone)).toList();
            return new Agent(user, daktelaState, aristotelosState, since, lastOutcome, lastOutcomeAt, todays);
        }
    }

    public AgentBoard(Clock clock, ZoneId zone) {
        this(clock, zone, MAX_AGENTS);
    }

    public AgentBoard(Clock clock, ZoneId zone, int maxAgents) {
        if (maxAgents < 1) {
            throw new IllegalArgumentException("maxAgents must be at least 1, not " + maxAgents);
        }
        this.clock = clock;
        this.zone = zone;
        this.maxAgents = maxAgents;
        this.rows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Row> eldest) {
                if (size() <= AgentBoard.this.maxAgents) {
                    return false;
                }
                Row row = eldest.getValue();
                synchronized (row) {
                    row.dropped = true;
                    segments.addAndGet(-row.timeline.size());
                }
                return true;
            }
        };
    }

    /** The agent's row, made the most recently updated; a new one (maybe dropping the oldest) if there is none. */
    private Row row(String user) {
        synchronized (rows) {
            return rows.computeIfAbsent(user, u -> new Row());
        }
    }

    public void accepted(String user, String eventId, String kind, String pause, OffsetDateTime time) {
        Row row = row(user);
        synchronized (row) {
            if (row.since == null || !time.isBefore(row.since)) {
                row.daktelaState = pause == null ? kind.toLowerCase(Locale.ROOT) : kind.toLowerCase(Locale.ROOT) + " (" + pause + ")";
                row.since = time;
            }
            if (eventId == null || !row.finishedIds.remove(Integer.valueOf(eventId.hashCode()))) {
                row.lastOutcome = "waiting";
                row.lastOutcomeAt = now();
            }
        }
    }

    /** @param origin "repair" for a state reconciliation stored, null for a callback's */
    public void delivered(String user, String eventId, String state, String code, String reasonCode, OffsetDateTime time,
                          String origin) {
        Row row = row(user);
        LocalDate today = today();
        if (segments.get() >= MAX_SEGMENTS && !today.equals(sweptOn)) {
            sweepEarlierDays(today);
        }
        synchronized (row) {
            row.finished(eventId);
            // a replayed older event completes the timeline but does not change the current state
            if (row.lastDelivered == null || !time.isBefore(row.lastDelivered)) {
                row.aristotelosState = state;
                row.lastDelivered = time;
            }
            row.lastOutcome = "delivered";
            row.lastOutcomeAt = now();
            leaveEarlierDays(row, today);
            if (time.atZoneSameInstant(zone).toLocalDate().equals(today) && row.timeline.size() < MAX_SEGMENTS_PER_DAY
                    && !row.dropped && segments.get() < MAX_SEGMENTS) {
                segments.incrementAndGet();
                row.timeline.add(new Segment(state, code, reasonCode, time, origin));
                row.timeline.sort(Comparator.comparing(Segment::from));
            }
        }
    }

    /**
     * Takes earlier days' segments off every row, once a day when the board is full: a row loses them at its agent's next
     * delivery, and agents who do not work today kept theirs counted, so today's timelines stayed empty.
     */
    private void sweepEarlierDays(LocalDate today) {
        List<Row> all;
        synchronized (rows) {
            all = new ArrayList<>(rows.values());
        }
        for (Row each : all) {
            synchronized (each) {
                leaveEarlierDays(each, today);
            }
        }
        sweptOn = today;
    }

    /** Under the row's lock. */
    private void leaveEarlierDays(Row row, LocalDate today) {
        int before = row.timeline.size();
        row.timeline.removeIf(s -> s.before(today, zone));
        if (!row.dropped) {
            segments.addAndGet(row.timeline.size() - before);
        }
    }

    /** A try failed and will be repeated: the event is still on its way. */
    public void retrying(String user, String outcome) {
        outcome(user, null, outcome);
    }

    /** The event was parked: its way ends here until it is replayed. */
    public void parked(String user, String eventId, String outcome) {
        outcome(user, eventId, outcome);
    }

    /** @param finishedEventId the event whose way ends with this outcome, or null while it goes on */
    private void outcome(String user, String finishedEventId, String outcome) {
        Row row = row(user);
        synchronized (row) {
            row.finished(finishedEventId);
            row.lastOutcome = outcome;
            row.lastOutcomeAt = now();
        }
    }

    public List<Agent> agents() {
        List<Map.Entry<String, Row>> entries;
        synchronized (rows) {
            entries = new ArrayList<>(rows.entrySet());
        }
        LocalDate today = today();
        return entries.stream().map(entry -> entry.getValue().agent(entry.getKey(), today, zone)).sorted(Comparator.comparing(Agent::user))
                .toList();
    }

    /**
     * The Daktela zone's offset now, in minutes, for the status page's times (an event's own offset goes stale after a
     * change to or from summer time).
     */
    public int zoneOffsetMinutes() {
        return zone.getRules().getOffset(clock.instant()).getTotalSeconds() / 60;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).atZoneSameInstant(zone).toOffsetDateTime();
    }
}

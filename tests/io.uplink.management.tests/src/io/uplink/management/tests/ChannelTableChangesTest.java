package io.uplink.management.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.uplink.connector.ChannelRow;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.management.ManagementJson;
import io.uplink.management.internal.ChannelTableChanges;
import io.uplink.management.internal.ChannelTableMirror;

/** The channel table's changes-only refresh: what the agent sends each watcher, and the workbench's copy of it. */
class ChannelTableChangesTest {

    @Test
    void theFirstAnswerHoldsEveryRowThenOnlyTheRowsThatChanged() {
        List<ChannelRow> table = table(100);
        ChannelTableChanges changes = new ChannelTableChanges();
        ChannelTableChanges.Changes first = changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
        assertTrue(first.reset());
        assertEquals(100, first.rows().size());
        assertFalse(first.more());
        ChannelTableChanges.Changes none = changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
        assertFalse(none.reset());
        assertEquals(0, none.rows().size(), "nothing changed, nothing sent");
        table.set(3, withValue(table.get(3), 17));
        table.set(57, withValue(table.get(57), 18));
        ChannelTableChanges.Changes two = changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
        assertFalse(two.reset());
        assertArrayEquals(new int[] { 3, 57 }, two.indices());
        assertEquals(List.of(table.get(3), table.get(57)), two.rows());
        assertArrayEquals(new boolean[] { true, true }, two.valueOnly(), "the channels are known: values only");
        JsonObject wire = ManagementJson.channelChanges(two);
        assertEquals(0, wire.getAsJsonArray("rows").size());
        assertEquals("[[3,17,1001,\"FULL\"],[57,18,1001,\"FULL\"]]", wire.getAsJsonArray("values").toString());
        table.set(3, row("meter3/ActivePower", 17, PersistencePriority.LOW));
        ChannelTableChanges.Changes priority = changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
        assertArrayEquals(new boolean[] { false }, priority.valueOnly(), "a changed priority sends the whole row");
        assertEquals("[[\"meter3/ActivePower\",\"INTEGER\",\"WATT\",\"LOW\",\"READ_ONLY\",17,1000,\"FULL\",true]]",
                ManagementJson.channelChanges(priority).getAsJsonArray("rows").toString());
        ChannelTableChanges.Changes restart = changes.next(table, 5_000, true, ChannelTableChanges.UNKNOWN);
        assertTrue(restart.reset(), "a watcher that lost its copy gets everything again");
        assertEquals(100, restart.rows().size());
    }

    @Test
    void aChangedChannelListSendsTheWholeTableAgain() {
        List<ChannelRow> table = table(50);
        ChannelTableChanges changes = new ChannelTableChanges();
        changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
        table.remove(10);
        ChannelTableChanges.Changes shorter = changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
        assertTrue(shorter.reset());
        assertEquals(49, shorter.rows().size());
        Collections.swap(table, 0, 1);
        ChannelTableChanges.Changes reordered = changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
        assertTrue(reordered.reset(), "the same channels in another order");
        assertEquals(49, reordered.rows().size());
        assertEquals(0, changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN).rows().size());
    }

    @Test
    void rowsChangingInEveryAnswerDoNotStarveTheRest() {
        List<ChannelRow> table = table(12_000);
        ChannelTableChanges changes = new ChannelTableChanges();
        ChannelTableMirror mirror = new ChannelTableMirror();
        int answers = 0;
        ChannelTableChanges.Changes answer;
        do {
            answer = changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
            mirror.apply(answer.total(), answer.reset(), answer.indices(), answer.rows());
            answers++;
            changeEveryValue(table, answers);
        } while (answer.more() && !mirror.complete() && answers < 10);
        assertEquals(3, answers, "12,000 rows in answers of 5,000");
        assertTrue(mirror.complete());
        // every row changes before every answer: each index must still come round once per three answers
        for (int round = 0; round < 4; round++) {
            BitSet seen = new BitSet();
            for (int i = 0; i < 3; i++) {
                answer = changes.next(table, 5_000, false, ChannelTableChanges.UNKNOWN);
                assertTrue(answer.more(), "more changed rows than one answer holds");
                for (int index : answer.indices()) {
                    seen.set(index);
                }
                mirror.apply(answer.total(), answer.reset(), answer.indices(), answer.rows());
                changeEveryValue(table, 100 + round * 3 + i);
            }
            assertEquals(12_000, seen.cardinality(), "round " + round + ": rows never sent");
        }
    }

    @Test
    void theMirrorEqualsTheAgentsTableAfterEveryRefreshThroughJson() throws Exception {
        Random random = new Random(20261127);
        List<ChannelRow> table = table(700);
        ChannelTableChanges changes = new ChannelTableChanges();
        ChannelTableMirror mirror = new ChannelTableMirror();
        long serial = 0;
        int lost = 0;
        for (int step = 0; step < 300; step++) {
            switch (random.nextInt(10)) {
                case 0 -> table.add(random.nextInt(table.size() + 1), row("added" + step + "/Value", step, PersistencePriority.LOW));
                case 1 -> table.remove(random.nextInt(table.size()));
                case 2 -> Collections.swap(table, random.nextInt(table.size()), random.nextInt(table.size()));
                case 3 -> {
                    int index = random.nextInt(table.size());
                    ChannelRow row = table.get(index);
                    table.set(index, row(row.channel().address().toString(), row.value(),
                            PersistencePriority.values()[random.nextInt(PersistencePriority.values().length)]));
                }
                default -> {
                    for (int i = 0; i < random.nextInt(50); i++) {
                        int index = random.nextInt(table.size());
                        table.set(index, withValue(table.get(index), random.nextInt(1_000)));
                    }
                }
            }
            // a lost answer makes a reset start over, so a reset must fit in few answers to finish (RemoteAgent asks
            // for everything after any lost answer anyway)
            int limit = 50 + random.nextInt(400);
            // the workbench's refresh: answers until the agent has no more and one arrived; now and then an answer
            // is lost on the way (a timeout), and the workbench goes on with the serial it applied last
            ChannelTableChanges.Changes answer;
            boolean arrived;
            int answers = 0;
            do {
                answer = changes.next(table, limit, !mirror.hasTable(), mirror.hasTable() ? serial : ChannelTableChanges.UNKNOWN);
                arrived = random.nextInt(20) != 0;
                if (arrived) {
                    // through the wire format both ends use
                    JsonObject wire = JsonParser.parseString(ManagementJson.channelChanges(answer).toString()).getAsJsonObject();
                    ManagementJson.AppliedChanges applied = ManagementJson.applyChannelChanges(wire, mirror);
                    assertEquals(answer.total(), applied.total());
                    serial = applied.serial();
                } else {
                    lost++;
                }
                answers++;
            } while ((answer.more() || !arrived) && answers < 1_000);
            assertEquals(json(table), json(mirror.table()), "step " + step);
        }
        assertTrue(lost > 10, lost + " answers lost: the case is exercised");
    }

    @Test
    void anAnswerTheWatcherDidNotApplyMakesTheNextOneAReset() {
        List<ChannelRow> table = table(10);
        ChannelTableChanges changes = new ChannelTableChanges();
        ChannelTableChanges.Changes first = changes.next(table, 5_000, true, ChannelTableChanges.UNKNOWN);
        table.set(4, withValue(table.get(4), 99));
        ChannelTableChanges.Changes lostOnTheWay = changes.next(table, 5_000, false, first.serial());
        assertFalse(lostOnTheWay.reset());
        assertArrayEquals(new int[] { 4 }, lostOnTheWay.indices());
        // the watcher never got it and asks again after the first answer: row 4 must not be taken as delivered
        ChannelTableChanges.Changes again = changes.next(table, 5_000, false, first.serial());
        assertTrue(again.reset(), "after " + first.serial() + " while the latest answer was " + lostOnTheWay.serial());
        assertEquals(10, again.rows().size());
        assertFalse(changes.next(table, 5_000, false, again.serial()).reset());
    }

    @Test
    void theMirrorRefusesATableLargerThanAnyDevice() {
        ChannelTableMirror mirror = new ChannelTableMirror();
        IllegalStateException huge = assertThrows(IllegalStateException.class,
                () -> mirror.apply(Integer.MAX_VALUE, true, new int[0], List.of()));
        assertTrue(huge.getMessage().contains("at most 1000000"), huge.getMessage());
        assertFalse(mirror.hasTable());
    }

    @Test
    void theMirrorRefusesChangesItCannotPlace() {
        ChannelTableMirror mirror = new ChannelTableMirror();
        List<ChannelRow> rows = table(2);
        IllegalStateException withoutTable = assertThrows(IllegalStateException.class,
                () -> mirror.apply(2, false, new int[] { 0 }, rows.subList(0, 1)));
        assertTrue(withoutTable.getMessage().contains("without the table"), withoutTable.getMessage());
        mirror.apply(2, true, new int[] { 0, 1 }, rows);
        assertTrue(mirror.complete());
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> mirror.apply(2, false, new int[] { 2 }, rows.subList(0, 1)));
        assertTrue(outside.getMessage().contains("row index 2 outside a table of 2 rows"), outside.getMessage());
        assertFalse(mirror.complete(), "a copy that went wrong is dropped: the next refresh starts over");
        assertThrows(IllegalStateException.class, () -> mirror.apply(2, true, new int[] { 0 }, rows));
        mirror.apply(2, true, new int[] { 1 }, rows.subList(1, 2));
        assertFalse(mirror.complete(), "row 0 has not arrived yet");
    }

    @Test
    void aValueForARowTheWorkbenchLacksDropsItsCopy() {
        ChannelTableMirror mirror = new ChannelTableMirror();
        mirror.apply(2, true, new int[] { 0 }, table(1));
        JsonObject answer = JsonParser.parseString(
                "{\"serial\":7,\"total\":2,\"reset\":false,\"indices\":[],\"rows\":[],\"values\":[[1,5,0,\"FULL\"]],\"more\":false}")
                .getAsJsonObject();
        java.io.IOException refused = assertThrows(java.io.IOException.class, () -> ManagementJson.applyChannelChanges(answer, mirror));
        assertTrue(refused.getMessage().contains("row 1, which has not arrived"), refused.getMessage());
        assertFalse(mirror.complete());
        assertThrows(IllegalStateException.class, () -> mirror.apply(2, false, new int[0], List.of()),
                "after a bad answer only a reset is accepted");
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelTableChanges().next(table(1), 0, false, ChannelTableChanges.UNKNOWN));
    }

    private static List<String> json(List<ChannelRow> rows) {
        return rows.stream().map(row -> ManagementJson.row(row).toString()).toList();
    }

    private static void changeEveryValue(List<ChannelRow> table, int value) {
        table.replaceAll(row -> withValue(row, value));
    }

    private static List<ChannelRow> table(int size) {
        List<ChannelRow> rows = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            rows.add(row("meter" + i + "/ActivePower", i, PersistencePriority.HIGH));
        }
        return rows;
    }

    private static ChannelRow row(String address, Object value, PersistencePriority priority) {
        return new ChannelRow(ChannelMetadata.of(address, OpenemsType.INTEGER, Unit.WATT, priority), value, 1_000L,
                ChannelRow.SentAs.FULL);
    }

    private static ChannelRow withValue(ChannelRow row, int value) {
        return new ChannelRow(row.channel(), value, row.lastSentMillis() + 1, row.sentAs());
    }
}

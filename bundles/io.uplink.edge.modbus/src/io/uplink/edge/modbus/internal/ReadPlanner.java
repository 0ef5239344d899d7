package io.uplink.edge.modbus.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.uplink.edge.modbus.ModbusMap;
import io.uplink.edge.modbus.ModbusTable;

/**
 * Groups register ranges into as few requests as the map allows: per unit and table, sorted by address, a range
 * joins the current request while the request stays within the size limit and the hole before it is at most
 * {@code maxGap}. A range is never split across requests.
 */
public final class ReadPlanner {

    /** One range somebody needs: a point's registers, or a scale-factor register. */
    public record Range(int unitId, ModbusTable table, int address, int count) {
        public int end() {
            return this.address + this.count - 1;
        }
    }

    /** One request: the registers {@code address .. address+count-1} and the ranges (by index) it serves. */
    public record Request(int unitId, ModbusTable table, int address, int count, List<Integer> ranges) {
        public Request {
            ranges = List.copyOf(ranges);
        }

        @Override
        public String toString() {
            return "unit " + this.unitId + " " + this.table.key() + " " + this.address + ".."
                    + (this.address + this.count - 1);
        }
    }

    private ReadPlanner() {
    }

    /**
     * @param alone ranges (by index) that get a request of their own: the device refused them inside a larger read
     */
    public static List<Request> plan(List<Range> ranges, ModbusMap.Transport transport, Set<Integer> alone) {
        List<Integer> order = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> ranges.get(i).unitId())
                .thenComparing(i -> ranges.get(i).table())
                .thenComparingInt(i -> ranges.get(i).address())
                .thenComparingInt(i -> ranges.get(i).end()));
        List<Request> requests = new ArrayList<>();
        Range first = null;
        int start = 0;
        int end = 0;
        boolean open = false;
        List<Integer> members = new ArrayList<>();
        for (int index : order) {
            Range r = ranges.get(index);
            int limit = r.table().isBits() ? transport.maxBitsPerRead() : transport.maxRegistersPerRead();
            boolean joins = open && !alone.contains(index) && !alone.contains(members.get(0))
                    && first.unitId() == r.unitId() && first.table() == r.table()
                    && Math.max(end, r.end()) - start + 1 <= limit
                    && r.address() - end - 1 <= transport.maxGap();
            if (joins) {
                end = Math.max(end, r.end());
                members.add(index);
                continue;
            }
            if (open) {
                requests.add(new Request(first.unitId(), first.table(), start, end - start + 1, members));
            }
            first = r;
            start = r.address();
            end = r.end();
            members = new ArrayList<>();
            members.add(index);
            open = true;
        }
        if (open) {
            requests.add(new Request(first.unitId(), first.table(), start, end - start + 1, members));
        }
        return requests;
    }
}

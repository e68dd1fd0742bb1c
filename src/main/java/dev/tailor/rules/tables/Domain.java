package dev.tailor.rules.tables;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** The values one expression may take under a row's constraints. */
sealed interface Domain permits Domain.Range, Domain.Values {

    /** Values allowed by both. */
    Domain intersect(Domain other);

    boolean isEmpty();

    /** Whether every value allowed here is allowed by {@code other}; false when that cannot be shown. */
    boolean within(Domain other);

    /**
     * A numeric interval over the extended reals (the fact API answers "never happened" with infinity) minus some
     * points; integral ranges hold whole numbers only, with inclusive bounds.
     */
    record Range(
            double low, boolean lowIncluded, double high, boolean highIncluded, Set<Double> excluded, boolean integral)
            implements Domain {

        static Range all(boolean integral) {
            // counts are never negative: "count >= 0" holds for everyone
            return integral
                    ? of(0, true, Double.POSITIVE_INFINITY, true, Set.of(), true)
                    : of(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true, Set.of(), false);
        }

        /** The range {@code op value} for one comparison, e.g. {@code >= 10}. */
        static Range compare(String op, double value, boolean integral) {
            double inf = Double.POSITIVE_INFINITY;
            Range constraint = switch (op) {
                case ">=" -> of(value, true, inf, true, Set.of(), integral);
                case ">" -> of(value, false, inf, true, Set.of(), integral);
                case "<=" -> of(-inf, true, value, true, Set.of(), integral);
                case "<" -> of(-inf, true, value, false, Set.of(), integral);
                case "==" -> of(value, true, value, true, Set.of(), integral);
                case "!=" -> of(-inf, true, inf, true, Set.of(value), integral);
                default -> throw new IllegalArgumentException(op);
            };
            return constraint.intersect(all(integral));
        }

        /** Normalises, so that equal sets have equal bounds: "> 9" and ">= 10" are one range over counts. */
        static Range of(
                double low,
                boolean lowIncluded,
                double high,
                boolean highIncluded,
                Set<Double> excluded,
                boolean integral) {
            Set<Double> points = new TreeSet<>();
            excluded.forEach(p -> points.add(p + 0.0)); // -0.0 and 0.0 are one point
            if (integral) {
                low = Double.isInfinite(low) ? low : lowIncluded ? Math.ceil(low) : Math.floor(low) + 1;
                high = Double.isInfinite(high) ? high : highIncluded ? Math.floor(high) : Math.ceil(high) - 1;
                lowIncluded = true;
                highIncluded = true;
                points.removeIf(p -> p != Math.rint(p));
                while (low <= high && points.contains(low)) {
                    low++;
                }
                while (low <= high && points.contains(high)) {
                    high--;
                }
            } else {
                if (points.remove(low)) {
                    lowIncluded = false;
                }
                if (points.remove(high)) {
                    highIncluded = false;
                }
            }
            final double lo = low;
            final double hi = high;
            points.removeIf(p -> p < lo || p > hi);
            return new Range(low, lowIncluded, high, highIncluded, Set.copyOf(points), integral);
        }

        @Override
        public Range intersect(Domain other) {
            Range that = (Range) other;
            boolean thisLow = low > that.low || (low == that.low && !lowIncluded);
            boolean thisHigh = high < that.high || (high == that.high && !highIncluded);
            Set<Double> points = new HashSet<>(excluded);
            points.addAll(that.excluded);
            return of(
                    thisLow ? low : that.low,
                    thisLow ? lowIncluded : that.lowIncluded,
                    thisHigh ? high : that.high,
                    thisHigh ? highIncluded : that.highIncluded,
                    points,
                    integral || that.integral);
        }

        @Override
        public boolean isEmpty() {
            return low > high || (low == high && (!lowIncluded || !highIncluded));
        }

        @Override
        public boolean within(Domain other) {
            Range that = (Range) other;
            if (isEmpty()) {
                return true;
            }
            boolean lowInside = that.low < low || (that.low == low && (that.lowIncluded || !lowIncluded));
            boolean highInside = that.high > high || (that.high == high && (that.highIncluded || !highIncluded));
            return lowInside && highInside && that.excluded.stream().noneMatch(this::contains);
        }

        private boolean contains(double point) {
            boolean aboveLow = point > low || (point == low && lowIncluded);
            boolean belowHigh = point < high || (point == high && highIncluded);
            return aboveLow && belowHigh && !excluded.contains(point);
        }
    }

    /**
     * Literal values (booleans, strings, null, as written): either exactly {@code values}, or, when
     * {@code complement}, anything but them.
     */
    record Values(boolean complement, Set<String> values) implements Domain {

        static Values all() {
            return new Values(true, Set.of());
        }

        static Values only(String literal) {
            return new Values(false, Set.of(literal));
        }

        static Values allBut(String literal) {
            return new Values(true, Set.of(literal));
        }

        @Override
        public Values intersect(Domain other) {
            Values that = (Values) other;
            Set<String> result = new HashSet<>(complement ? that.values : values);
            if (complement && that.complement) {
                result.addAll(values);
                return new Values(true, Set.copyOf(result));
            }
            if (!complement && !that.complement) {
                result.retainAll(that.values);
            } else {
                result.removeAll(complement ? values : that.values);
            }
            return new Values(false, Set.copyOf(result));
        }

        @Override
        public boolean isEmpty() {
            return !complement && values.isEmpty();
        }

        @Override
        public boolean within(Domain other) {
            Values that = (Values) other;
            if (!complement) {
                return that.complement
                        ? values.stream().noneMatch(that.values::contains)
                        : that.values.containsAll(values);
            }
            // "anything but a few" fits only in "anything but fewer"; the universe of literals is open
            return that.complement && values.containsAll(that.values);
        }
    }
}

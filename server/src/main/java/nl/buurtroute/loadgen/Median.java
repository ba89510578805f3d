package nl.buurtroute.loadgen;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The median run of several, figure by figure, for records of figures such as {@link RunReport}: each number
 * is the median of the runs that have it (whole numbers stay whole), a flag holds only if it held in every run,
 * lists are joined, text is the first run's. {@code errors} is the worst run's, not the median: one bad run
 * must show.
 */
final class Median {
  private Median() {
  }

  static <R extends Record> R of(List<R> runs) {
    return combine(runs);
  }

  @SuppressWarnings("unchecked")
  private static <R extends Record> R combine(List<R> runs) {
    R first = runs.get(0);
    RecordComponent[] components = first.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      List<Object> all = new ArrayList<>();
      for (R run : runs) {
        all.add(value(component, run));
      }
      values[i] = combine(component, all);
    }
    try {
      Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
      Constructor<R> constructor = (Constructor<R>) first.getClass().getDeclaredConstructor(types);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot combine " + first.getClass().getSimpleName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object combine(RecordComponent component, List<Object> values) {
    Class<?> type = component.getType();
    List<Object> present = values.stream().filter(Objects::nonNull).toList();
    if (present.isEmpty()) {
      return type.isPrimitive() ? values.get(0) : null;
    }
    if (Record.class.isAssignableFrom(type)) {
      return combine((List<Record>) (List<?>) present);
    }
    if (type == boolean.class || type == Boolean.class) {
      return present.stream().allMatch(Boolean.TRUE::equals);
    }
    if (List.class.isAssignableFrom(type)) {
      List<Object> joined = new ArrayList<>();
      present.forEach(list -> joined.addAll((List<?>) list));
      return joined;
    }
    if (present.get(0) instanceof Number) {
      double[] sorted = present.stream().mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
      double m = component.getName().equals("errors") ? sorted[sorted.length - 1] : sorted[sorted.length / 2];
      if (type == int.class || type == Integer.class) {
        return (int) Math.round(m);
      }
      if (type == long.class || type == Long.class) {
        return Math.round(m);
      }
      return m;
    }
    return present.get(0);
  }

  private static Object value(RecordComponent component, Record run) {
    try {
      return component.getAccessor().invoke(run);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }
}

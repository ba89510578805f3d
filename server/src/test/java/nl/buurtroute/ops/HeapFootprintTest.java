package nl.buurtroute.ops;

import com.sun.management.VMOption;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap settings apply where the command line left the default, in an order the JVM accepts. */
class HeapFootprintTest {
  private static VMOption byDefault(String name) {
    return new VMOption(name, "0", true, VMOption.Origin.DEFAULT);
  }

  @Test
  void every_setting_left_at_its_default_is_applied_the_minimum_before_the_maximum() {
    assertThat(HeapFootprint.toApply(HeapFootprintTest::byDefault)).containsExactly(
        Map.entry("MinHeapFreeRatio", "10"), Map.entry("MaxHeapFreeRatio", "30"),
        Map.entry("G1PeriodicGCInterval", "60000"));
  }

  @Test
  void what_the_command_line_set_stands() {
    assertThat(HeapFootprint.toApply(name -> name.equals("MaxHeapFreeRatio")
        ? new VMOption(name, "50", true, VMOption.Origin.VM_CREATION)
        : byDefault(name))).extracting(Map.Entry::getKey)
        .containsExactly("MinHeapFreeRatio", "G1PeriodicGCInterval");
  }

  @Test
  void a_flag_this_jvm_lacks_or_cannot_change_is_left_alone() {
    assertThat(HeapFootprint.toApply(name -> switch (name) {
      case "G1PeriodicGCInterval" -> null;
      case "MinHeapFreeRatio" -> new VMOption(name, "40", false, VMOption.Origin.DEFAULT);
      default -> byDefault(name);
    })).extracting(Map.Entry::getKey).containsExactly("MaxHeapFreeRatio");
  }
}

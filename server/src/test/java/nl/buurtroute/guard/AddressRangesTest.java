package nl.buurtroute.guard;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressRangesTest {
  @Test
  void addresses_and_cidr_ranges_of_both_families() {
    AddressRanges ranges = AddressRanges.parse(List.of("192.0.2.7", "10.0.0.0/8", "172.16.0.0/12", "2001:db8::/32", "::1"));
    assertThat(ranges.contains("192.0.2.7")).isTrue();
    assertThat(ranges.contains("192.0.2.8")).isFalse();
    assertThat(ranges.contains("10.255.1.2")).isTrue();
    assertThat(ranges.contains("172.31.255.255")).isTrue();
    assertThat(ranges.contains("172.32.0.0")).isFalse();
    assertThat(ranges.contains("2001:db8:ffff::1")).isTrue();
    assertThat(ranges.contains("2001:db9::1")).isFalse();
    assertThat(ranges.contains("::1")).isTrue();
    assertThat(ranges.contains("::ffff:10.1.2.3")).isTrue();
    assertThat(ranges.contains("[2001:db8::5]:443")).isTrue();
    assertThat(ranges.contains("10.1.2.3:8080")).isTrue();
  }

  @Test
  void names_are_never_looked_up_and_bad_entries_are_named() {
    assertThat(AddressRanges.literal("localhost")).isNull();
    assertThat(AddressRanges.literal("evil.example")).isNull();
    assertThat(AddressRanges.literal("unknown")).isNull();
    assertThatThrownBy(() -> AddressRanges.parse(List.of("proxy.example.nl"))).hasMessageContaining("proxy.example.nl");
    assertThatThrownBy(() -> AddressRanges.parse(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
  }

  @Test
  void an_ipv6_client_is_limited_per_64() {
    assertThat(AddressRanges.limitKey("2001:db8:1:2::a")).isEqualTo(AddressRanges.limitKey("2001:db8:1:2:ffff:1:2:3"));
    assertThat(AddressRanges.limitKey("2001:db8:1:2::a")).isNotEqualTo(AddressRanges.limitKey("2001:db8:1:3::a"));
    assertThat(AddressRanges.limitKey("192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(AddressRanges.limitKey("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
  }
}

package nl.bij.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The documents the database keeps are stored compressed, and those stored before are read as they are. */
class PackedTest {

    @Test
    void anEventDocumentIsStoredInAboutHalfItsBytesAndReadBackWhole() throws Exception {
        byte[] event = Files.readAllBytes(Path.of("samples/01-final-release-zeden.xml"));

        byte[] stored = Packed.pack(event);

        assertThat(stored.length).isLessThan(event.length * 6 / 10);
        assertThat(Packed.unpack(stored)).isEqualTo(event);
    }

    @Test
    void aDocumentStoredUncompressedBeforeIsReadAsItIs() {
        byte[] before = "\uFEFF<?xml version=\"1.0\"?><notice>Zoë</notice>".getBytes(StandardCharsets.UTF_8);
        byte[] plain = "<notice/>".getBytes(StandardCharsets.UTF_8);

        assertThat(Packed.unpack(before)).isSameAs(before);
        assertThat(Packed.unpack(plain)).isSameAs(plain);
        assertThat(Packed.unpack(new byte[0])).isEmpty();
    }

    @Test
    void aDamagedStoredDocumentIsAnErrorNotOtherBytes() {
        byte[] stored = Packed.pack("<notice/>".getBytes(StandardCharsets.UTF_8));

        byte[] truncated = Arrays.copyOf(stored, stored.length - 6);

        assertThatThrownBy(() -> Packed.unpack(truncated)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("notice");
    }
}

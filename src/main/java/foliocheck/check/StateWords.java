package foliocheck.check;

import foliocheck.engine.Fingerprint;
import foliocheck.model.DaxEntry;
import foliocheck.model.FixedList;
import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.Pgmap;
import foliocheck.model.Pte;
import foliocheck.model.State;
import java.util.List;

/**
 * States as 64-bit words, for {@link FolioModel}: the fingerprint, the incremental
 * fingerprinter and the frontier codec.
 */
final class StateWords {
    private StateWords() { }

    /*
     * Each part of a state packs into one 64-bit word, fields in fixed bit ranges: a folio;
     * the pgmap with the kernel's flags and list sizes; a page-table entry; a DAX entry;
     * eight blocks; a thread. The fingerprint is the murmur finaliser of the sum of one
     * term per part, term = mix(word + position * golden ratio) (Zobrist hashing). A
     * successor shares most parts with the state it comes from, by reference, so its
     * fingerprint is the parent's sum with the changed parts' terms replaced (see
     * Incremental). When a value does not fit its range the field-by-field fingerprint is
     * used instead, so distinct states never pack alike.
     */
    private static final int FOLIO = 0;
    private static final int KERNEL = 1 << 16;
    private static final int PTE = 2 << 16;
    private static final int ENTRY = 3 << 16;
    private static final int BLOCKS = 4 << 16;
    private static final int THREAD = 5 << 16;

    /** The fingerprint of {@code s}. */
    static long fingerprint(State s) {
        Kernel k = s.kernel();
        if (!fits(k) || !fitsThreads(s.threads())) {
            return fieldByField(s);
        }
        return Fingerprint.mix(kernelSum(k) + threadSum(s.threads()));
    }


    /**
     * Keeps the terms of the state being expanded; a successor's fingerprint recomputes
     * only the parts that are not the parent's very objects.
     */
    static final class Incremental implements foliocheck.engine.Fingerprinter<State> {
        /** The last successor fingerprinted from its parent's terms: every part of it fits (for the codec). */
        private State fitting;
        /** The state being expanded, or null when it does not pack (then every successor is computed in full). */
        private State parent;
        private Kernel kernel;
        private long kernelSum;
        private long[] folioTerms = new long[0];
        private long foliosSum;
        private long ptesSum;
        private long entriesSum;
        private long blocksSum;
        private long[] threadTerms = new long[0];

        @Override
        public void expanding(State p) {
            if (p == parent) {
                return;   // just decoded: the codec has set the terms from the words
            }
            Kernel k = p.kernel();
            parent = null;
            if (!fits(k) || !fitsThreads(p.threads())) {
                return;
            }
            List<Folio> folios = k.folios();
            if (folioTerms.length != folios.size()) {
                folioTerms = new long[folios.size()];
            }
            foliosSum = 0;
            for (int i = 0; i < folios.size(); i++) {
                folioTerms[i] = term(FOLIO + i, word(folios.get(i)));
                foliosSum += folioTerms[i];
            }
            ptesSum = pteSum(k.ptes());
            entriesSum = entrySum(k.entries());
            blocksSum = blockSum(k.blocks());
            kernelSum = foliosSum + term(KERNEL, word(k)) + ptesSum + entriesSum + blocksSum;
            List<Local> threads = p.threads();
            if (threadTerms.length != threads.size()) {
                threadTerms = new long[threads.size()];
            }
            for (int t = 0; t < threads.size(); t++) {
                threadTerms[t] = term(THREAD + t, word(threads.get(t)));
            }
            kernel = k;
            parent = p;
        }

        @Override
        public long fingerprint(State s) {
            if (parent == null || s.threads().size() != threadTerms.length
                    || s.kernel().folios().size() != folioTerms.length) {
                return StateWords.fingerprint(s);
            }
            Kernel k = s.kernel();
            long sum;
            if (k == kernel) {
                sum = kernelSum;
            } else {
                if (!fitsWord(k)) {
                    return fieldByField(s);
                }
                sum = term(KERNEL, word(k));
                List<Folio> folios = k.folios();
                if (folios == kernel.folios()) {
                    sum += foliosSum;
                } else {
                    List<Folio> was = kernel.folios();
                    for (int i = 0; i < folios.size(); i++) {
                        Folio f = folios.get(i);
                        if (f == was.get(i)) {
                            sum += folioTerms[i];
                        } else if (fits(f)) {
                            sum += term(FOLIO + i, word(f));
                        } else {
                            return fieldByField(s);
                        }
                    }
                }
                if (k.ptes() != kernel.ptes() && !fitsPtes(k.ptes())
                        || k.entries() != kernel.entries() && !fitsEntries(k.entries())
                        || k.blocks() != kernel.blocks() && !fitsBlocks(k.blocks())) {
                    return fieldByField(s);
                }
                sum += k.ptes() == kernel.ptes() ? ptesSum : pteSum(k.ptes());
                sum += k.entries() == kernel.entries() ? entriesSum : entrySum(k.entries());
                sum += k.blocks() == kernel.blocks() ? blocksSum : blockSum(k.blocks());
            }
            List<Local> threads = s.threads();
            List<Local> was = parent.threads();
            for (int t = 0; t < threads.size(); t++) {
                Local l = threads.get(t);
                if (l == was.get(t)) {
                    sum += threadTerms[t];
                } else if (fits(l)) {
                    sum += term(THREAD + t, word(l));
                } else {
                    return fieldByField(s);
                }
            }
            fitting = s;
            return Fingerprint.mix(sum);
        }
    }

    private static long term(int position, long word) {
        return Fingerprint.mix(word + position * 0x9E3779B97F4A7C15L);
    }

    private static long kernelSum(Kernel k) {
        long sum = term(KERNEL, word(k)) + pteSum(k.ptes()) + entrySum(k.entries()) + blockSum(k.blocks());
        List<Folio> folios = k.folios();
        for (int i = 0; i < folios.size(); i++) {
            sum += term(FOLIO + i, word(folios.get(i)));
        }
        return sum;
    }

    private static long threadSum(List<Local> threads) {
        long sum = 0;
        for (int t = 0; t < threads.size(); t++) {
            sum += term(THREAD + t, word(threads.get(t)));
        }
        return sum;
    }

    private static long pteSum(List<Pte> ptes) {
        long sum = 0;
        for (int i = 0; i < ptes.size(); i++) {
            sum += term(PTE + i, word(ptes.get(i)));
        }
        return sum;
    }

    private static long entrySum(List<DaxEntry> entries) {
        long sum = 0;
        for (int i = 0; i < entries.size(); i++) {
            sum += term(ENTRY + i, word(entries.get(i)));
        }
        return sum;
    }

    private static long blockSum(List<Integer> blocks) {
        long sum = 0;
        long word = 0;
        int used = 0;
        int j = 0;
        for (int i = 0; i < blocks.size(); i++) {
            word |= bits(blocks.get(i), 8) << used;
            used += 8;
            if (used == 64) {
                sum += term(BLOCKS + j++, word);
                word = 0;
                used = 0;
            }
        }
        return sum + term(BLOCKS + j, word);
    }

    private static boolean fits(Kernel k) {
        return fitsWord(k) && fitsPtes(k.ptes()) && fitsEntries(k.entries()) && fitsBlocks(k.blocks())
                && fitsFolios(k.folios());
    }

    private static boolean fitsFolios(List<Folio> folios) {
        for (int i = 0; i < folios.size(); i++) {
            if (!fits(folios.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsPtes(List<Pte> ptes) {
        for (int i = 0; i < ptes.size(); i++) {
            Pte e = ptes.get(i);
            if ((over(e.mm(), 8) | over(e.slot(), 16) | over(e.folio(), 16)) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsEntries(List<DaxEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            DaxEntry e = entries.get(i);
            if ((over(e.file(), 8) | over(e.offset(), 16) | over(e.folio(), 16)) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsBlocks(List<Integer> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            if (!fits(blocks.get(i), 8)) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsThreads(List<Local> threads) {
        for (int t = 0; t < threads.size(); t++) {
            if (!fits(threads.get(t))) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(Folio f) {
        return (over(f.refcount(), 20) | over(f.mapcount(), 8) | over(f.entire(), 8) | over(f.pincount(), 10)
                | over(f.mapping(), 6) | over(f.index(), 9)) == 0;
    }

    private static long word(Folio f) {
        return bits(f.order().ordinal(), 2) | bits(f.refcount(), 20) << 2 | bits(f.mapcount(), 8) << 22
                | bits(f.entire(), 8) << 30 | bits(f.pincount(), 10) << 38 | (f.compound() ? 1L : 0) << 48
                | bits(f.mapping(), 6) << 49 | bits(f.index(), 9) << 55;
    }

    /** Whether the kernel's own word (pgmap, flags, list sizes) fits. */
    private static boolean fitsWord(Kernel k) {
        Pgmap p = k.pgmap();
        return (over(p.ref(), 16) | over(p.readers(), 8) | over(k.invalShared(), 8)) == 0 && k.ptes().size() < 256
                && k.entries().size() < 256;
    }

    private static long word(Kernel k) {
        Pgmap p = k.pgmap();
        return bits(p.life().ordinal(), 2) | bits(p.ref(), 16) << 2 | (p.alive() ? 1L : 0) << 18
                | bits(p.readers(), 8) << 19 | (p.pagesPut() ? 1L : 0) << 27 | bits(k.invalShared(), 8) << 28
                | (k.invalExcl() ? 1L : 0) << 36 | (k.truncated() ? 1L : 0) << 37 | (k.vmaGone() ? 1L : 0) << 38
                | bits(k.ptes().size(), 8) << 39 | bits(k.entries().size(), 8) << 47 | (p.generic() ? 1L : 0) << 55;
    }

    private static long word(Pte e) {
        return bits(e.mm(), 8) | bits(e.slot(), 16) << 8 | bits(e.level().ordinal(), 2) << 24
                | bits(e.folio(), 16) << 26 | (e.special() ? 1L : 0) << 42 | (e.devmap() ? 1L : 0) << 43
                | (e.refd() ? 1L : 0) << 44;
    }

    private static long word(DaxEntry e) {
        return bits(e.file(), 8) | bits(e.offset(), 16) << 8 | bits(e.folio(), 16) << 24 | (e.locked() ? 1L : 0) << 40;
    }

    private static boolean fits(Local l) {
        return (over(l.pc(), 10) | over(l.folio(), 6) | over(l.refs(), 8) | over(l.pins(), 8)
                | over(l.flags(), 22) | over(l.ret(), 10)) == 0;
    }

    private static long word(Local l) {
        return bits(l.pc(), 10) | bits(l.folio(), 6) << 10 | bits(l.refs(), 8) << 16 | bits(l.pins(), 8) << 24
                | bits(l.flags(), 22) << 32 | bits(l.ret(), 10) << 54;
    }

    // ------------------------------------------------------------------ the frontier codec

    /**
     * Encodes and decodes states. A state's words: a header (numbers of folios, entries,
     * DAX entries, blocks, threads, eight bits each), then the parts' fingerprint words in
     * the order folios, kernel, page-table entries, DAX entries, blocks (eight a word),
     * threads. The words hold every field (the fingerprint relies on that too), so decoding
     * gives an equal state.
     */
    static final class Codec implements foliocheck.engine.StateCodec<State> {
        /** Fingerprints successors of the states this codec decodes, starting from their words. */
        private final Incremental fingerprinter = new Incremental();

        @Override
        public foliocheck.engine.Fingerprinter<State> fingerprinter() {
            return fingerprinter;
        }

        /** The words arrays {@link #encode} returns, by length: one each, reused. */
        private long[][] buffers = new long[0][];
        /** The state {@link #decode} returned last: {@link #prevWords} are its words. */
        private State decoded;

        /**
         * The state's words, in an array of this codec's that the next call reuses. A
         * successor of the state just decoded (the usual case) takes the words of the
         * parts it shares with it, by reference, from {@link #prevWords}: only what the
         * step changed is packed again.
         */
        @Override
        public long[] encode(State s) {
            Kernel k = s.kernel();
            int nf = k.folios().size();
            int np = k.ptes().size();
            int ne = k.entries().size();
            int nb = k.blocks().size();
            int nt = s.threads().size();
            // A successor the fingerprinter has just passed is known to fit.
            if ((nf | np | ne | nb | nt) >= 256
                    || s != fingerprinter.fitting && (!fits(k) || !fitsThreads(s.threads()))) {
                return null;
            }
            long h = nf | np << 8 | ne << 16 | nb << 24 | (long) nt << 32;
            int bw = (nb + 7) / 8;   // eight block owners a word
            int n = 2 + nf + np + ne + bw + nt;
            if (n >= buffers.length) {
                buffers = java.util.Arrays.copyOf(buffers, n + 1);
            }
            long[] w = buffers[n];
            if (w == null) {
                w = buffers[n] = new long[n];
            }
            w[0] = h;
            // The parent's parts, when its words are at hand; else nothing is shared.
            State p = decoded != null && decoded == fingerprinter.parent && h == header ? decoded : null;
            Kernel pk = p == null ? null : p.kernel();
            int at = 1;
            int b0 = 2 + nf + np + ne;
            if (k == pk) {
                System.arraycopy(prevWords, 1, w, 1, b0 + bw - 1);
                at = b0 + bw;
            } else {
                List<Folio> fs = k.folios();
                List<Folio> pfs = pk == null ? null : pk.folios();
                for (int i = 0; i < nf; i++, at++) {
                    Folio f = fs.get(i);
                    w[at] = pfs != null && f == pfs.get(i) ? prevWords[at] : word(f);
                }
                w[at++] = word(k);
                List<Pte> ps = k.ptes();
                List<Pte> pps = pk == null ? null : pk.ptes();
                for (int i = 0; i < np; i++, at++) {
                    Pte e = ps.get(i);
                    w[at] = pps != null && e == pps.get(i) ? prevWords[at] : word(e);
                }
                List<DaxEntry> es = k.entries();
                List<DaxEntry> pes = pk == null ? null : pk.entries();
                for (int i = 0; i < ne; i++, at++) {
                    DaxEntry e = es.get(i);
                    w[at] = pes != null && e == pes.get(i) ? prevWords[at] : word(e);
                }
                if (pk != null && k.blocks() == pk.blocks()) {
                    System.arraycopy(prevWords, at, w, at, bw);
                } else {
                    java.util.Arrays.fill(w, at, at + bw, 0);
                    for (int i = 0; i < nb; i++) {
                        w[at + i / 8] |= bits(k.blocks().get(i), 8) << (i % 8 * 8);
                    }
                }
                at += bw;
            }
            List<Local> ts = s.threads();
            List<Local> pts = p == null ? null : p.threads();
            for (int t = 0; t < nt; t++, at++) {
                Local l = ts.get(t);
                w[at] = pts != null && l == pts.get(t) ? prevWords[at] : word(l);
            }
            return w;
        }

        /*
         * The previous decoded state, by word position: its words, the objects and terms
         * made from them, and its lists. States read one after the other are mostly
         * siblings, equal in all but a word or two, so most parts are reused rather than
         * rebuilt and rehashed. Valid only while the header (the list sizes) is the same.
         */
        private long header = -1;
        private long[] prevWords = new long[0];
        private Object[] prevParts = new Object[0];
        private long[] prevTerms = new long[0];
        private List<Folio> prevFolios;
        private List<Pte> prevPtes;
        private List<DaxEntry> prevEntries;
        private List<Integer> prevBlocks;
        private long prevBlocksSum;
        private Kernel prevKernel;

        @Override
        public State decode(long[] w, int length) {
            if (w[0] != header || prevWords.length < length) {
                header = w[0];
                if (prevWords.length < length) {
                    prevWords = new long[length];
                    prevParts = new Object[length];
                    prevTerms = new long[length];
                }
                java.util.Arrays.fill(prevParts, null);
                prevFolios = null;
                prevPtes = null;
                prevEntries = null;
                prevBlocks = null;
                prevKernel = null;
            }
            int nf = (int) (w[0] & 0xFF);
            int np = (int) (w[0] >>> 8 & 0xFF);
            int ne = (int) (w[0] >>> 16 & 0xFF);
            int nb = (int) (w[0] >>> 24 & 0xFF);
            int nt = (int) (w[0] >>> 32 & 0xFF);
            int f0 = 1;
            int k0 = f0 + nf;
            int p0 = k0 + 1;
            int e0 = p0 + np;
            int b0 = e0 + ne;
            int t0 = b0 + (nb + 7) / 8;
            Incremental fp = fingerprinter;

            boolean foliosSame = prevFolios != null && same(w, f0, k0);
            if (!foliosSame) {
                Folio[] a = new Folio[nf];
                for (int i = 0; i < nf; i++) {
                    a[i] = part(w, f0 + i, FOLIO + i) ? (Folio) prevParts[f0 + i] : store(folio(w[f0 + i]), f0 + i);
                }
                prevFolios = FixedList.owning(a);
            }
            boolean pgmapSame = part(w, k0, KERNEL);
            long kw = w[k0];
            if (!pgmapSame) {
                prevParts[k0] = new Pgmap(LIVES[(int) (kw & 3)], field(kw, 2, 16), flag(kw, 18), field(kw, 19, 8),
                        flag(kw, 27), flag(kw, 55));
            }
            boolean ptesSame = prevPtes != null && same(w, p0, e0);
            if (!ptesSame) {
                Pte[] a = new Pte[np];
                for (int i = 0; i < np; i++) {
                    a[i] = part(w, p0 + i, PTE + i) ? (Pte) prevParts[p0 + i] : store(pte(w[p0 + i]), p0 + i);
                }
                prevPtes = FixedList.owning(a);
            }
            boolean entriesSame = prevEntries != null && same(w, e0, b0);
            if (!entriesSame) {
                DaxEntry[] a = new DaxEntry[ne];
                for (int i = 0; i < ne; i++) {
                    a[i] = part(w, e0 + i, ENTRY + i) ? (DaxEntry) prevParts[e0 + i]
                            : store(entry(w[e0 + i]), e0 + i);
                }
                prevEntries = FixedList.owning(a);
            }
            boolean blocksSame = prevBlocks != null && same(w, b0, t0);
            if (!blocksSame) {
                Integer[] a = new Integer[nb];
                for (int i = 0; i < nb; i++) {
                    a[i] = field(w[b0 + i / 8], i % 8 * 8, 8);
                }
                prevBlocks = FixedList.owning(a);
                prevBlocksSum = blockSum(prevBlocks);
                System.arraycopy(w, b0, prevWords, b0, t0 - b0);
            }
            Kernel k = prevKernel;
            if (k == null || !(foliosSame && pgmapSame && ptesSame && entriesSame && blocksSame)) {
                k = new Kernel(prevFolios, (Pgmap) prevParts[k0], prevPtes, prevEntries, prevBlocks,
                        field(kw, 28, 8), flag(kw, 36), flag(kw, 37), flag(kw, 38));
                prevKernel = k;
            }
            Local[] threads = new Local[nt];
            for (int t = 0; t < nt; t++) {
                threads[t] = part(w, t0 + t, THREAD + t) ? (Local) prevParts[t0 + t] : store(local(w[t0 + t]), t0 + t);
            }
            State s = new State(k, FixedList.owning(threads));

            // The fingerprinter's terms for expanding s.
            if (fp.folioTerms.length != nf) {
                fp.folioTerms = new long[nf];
            }
            if (fp.threadTerms.length != nt) {
                fp.threadTerms = new long[nt];
            }
            System.arraycopy(prevTerms, f0, fp.folioTerms, 0, nf);
            System.arraycopy(prevTerms, t0, fp.threadTerms, 0, nt);
            fp.foliosSum = sum(f0, k0);
            fp.ptesSum = sum(p0, e0);
            fp.entriesSum = sum(e0, b0);
            fp.blocksSum = prevBlocksSum;
            fp.kernelSum = fp.foliosSum + prevTerms[k0] + fp.ptesSum + fp.entriesSum + fp.blocksSum;
            fp.kernel = k;
            fp.parent = s;
            decoded = s;
            return s;
        }

        /** Whether words {@code [from, to)} are the previous state's (then so are their parts). */
        private boolean same(long[] w, int from, int to) {
            for (int j = from; j < to; j++) {
                if (w[j] != prevWords[j]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether word {@code j} is the previous state's, so that its part can be reused;
         * if not, records the word and its term at {@code position}, for {@link #store}.
         */
        private boolean part(long[] w, int j, int position) {
            if (prevParts[j] != null && prevWords[j] == w[j]) {
                return true;
            }
            prevWords[j] = w[j];
            prevTerms[j] = term(position, w[j]);
            return false;
        }

        private <T> T store(T part, int j) {
            prevParts[j] = part;
            return part;
        }

        private long sum(int from, int to) {
            long sum = 0;
            for (int j = from; j < to; j++) {
                sum += prevTerms[j];
            }
            return sum;
        }
    }

    private static Folio folio(long x) {
        return new Folio(LEVELS[(int) (x & 3)], field(x, 2, 20), field(x, 22, 8), field(x, 30, 8),
                field(x, 38, 10), flag(x, 48), field(x, 49, 6), field(x, 55, 9));
    }

    private static Pte pte(long x) {
        return new Pte(field(x, 0, 8), field(x, 8, 16), LEVELS[(int) (x >>> 24 & 3)], field(x, 26, 16),
                flag(x, 42), flag(x, 43), flag(x, 44));
    }

    private static DaxEntry entry(long x) {
        return new DaxEntry(field(x, 0, 8), field(x, 8, 16), field(x, 24, 16), flag(x, 40));
    }

    private static Local local(long x) {
        return new Local(field(x, 0, 10), field(x, 10, 6), field(x, 16, 8), field(x, 24, 8), field(x, 32, 22),
                field(x, 54, 10));
    }

    private static final Level[] LEVELS = Level.values();
    private static final Pgmap.Life[] LIVES = Pgmap.Life.values();

    /** The signed field of {@code width} bits at bit {@code shift} of {@code x}. */
    private static int field(long x, int shift, int width) {
        return (int) (x << (64 - shift - width) >> (64 - width));
    }

    private static boolean flag(long x, int bit) {
        return (x >>> bit & 1) != 0;
    }

    /** Whether {@code x} fits a signed field of {@code width} bits. */
    private static boolean fits(int x, int width) {
        return over(x, width) == 0;
    }

    /** 0 when {@code x} fits a signed field of {@code width} bits (OR several, test once). */
    private static int over(int x, int width) {
        return x >> (width - 1) ^ x >> 31;
    }

    private static long bits(int x, int width) {
        return x & ((1L << width) - 1);
    }

    /** The fingerprint of states some value of which is out of the packed ranges. */
    static long fieldByField(State s) {
        Fingerprint h = new Fingerprint().add(-1);
        Kernel k = s.kernel();
        for (Folio f : k.folios()) {
            h.add(f.order().ordinal()).add(f.refcount()).add(f.mapcount()).add(f.entire()).add(f.pincount())
                    .add(f.compound()).add(f.mapping()).add(f.index());
        }
        Pgmap p = k.pgmap();
        h.add(p.life().ordinal()).add(p.ref()).add(p.alive()).add(p.readers()).add(p.pagesPut()).add(p.generic());
        h.add(k.ptes().size());
        for (Pte e : k.ptes()) {
            h.add(e.mm()).add(e.slot()).add(e.level().ordinal()).add(e.folio()).add(e.special()).add(e.devmap())
                    .add(e.refd());
        }
        h.add(k.entries().size());
        for (DaxEntry e : k.entries()) {
            h.add(e.file()).add(e.offset()).add(e.folio()).add(e.locked());
        }
        for (int b : k.blocks()) {
            h.add(b);
        }
        h.add(k.invalShared()).add(k.invalExcl()).add(k.truncated()).add(k.vmaGone());
        for (Local l : s.threads()) {
            h.add(l.pc()).add(l.folio()).add(l.refs()).add(l.pins()).add(l.flags()).add(l.ret());
        }
        return h.get();
    }
}

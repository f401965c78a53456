using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Penchant.Core.Search;

// Search with synonyms: a query span that is a synonym entry is one word whose alternatives are the entries it finds.
public sealed partial class ItemSearchIndex
{
    /// <summary>
    /// <see cref="Search"/> for a query with synonym spans (<paramref name="spans"/>, from <see cref="SearchSynonyms.Match"/>):
    /// each span is one query word, which an item matches when it holds every term of at least one of the span's
    /// alternatives, and whose part of the item's score is the highest of those alternatives' summed impacts; the
    /// coordination factor counts it once. A span none of whose alternatives the catalogue has is read as plain words
    /// (and corrected as those are), so a word that is an entry is not corrected when a synonym of it is in the catalogue.
    /// Plain words are searched as in the plain search.
    /// </summary>
    private SearchResult SearchExpanded(
        List<string> found, List<string> surfaces, List<(int Start, int Length, SynonymExpansion Expansion)> spans, int limit, ItemSearchIndex? alongside)
    {
        var read = new QueryWords(this, alongside, withAlternatives: true);
        var expanded = new List<SearchExpansion>();
        var groups = new HashSet<int>();
        var span = 0;
        for (var k = 0; k < found.Count && !read.Full;)
        {
            if (span >= spans.Count || spans[span].Start != k)
            {
                read.AddPlain(found[k], surfaces[k]);
                k++;
                continue;
            }

            var (_, length, expansion) = spans[span++];
            k += length;
            if (groups.Contains(expansion.Group))
            {
                continue;
            }

            var present = Present(expansion);
            if (present is null)
            {
                for (var p = k - length; p < k && !read.Full; p++)
                {
                    read.AddPlain(found[p], surfaces[p]);
                }

                continue;
            }

            groups.Add(expansion.Group);
            read.AddSynonym(expansion.Display, present);
            expanded.Add(new SearchExpansion(expansion.Display, [.. expansion.Alternatives.Select(static a => a.Display)]));
        }

        var (words, unknown, corrections, termIds, alternatives) = (read.Words, read.Unknown, read.Corrections, read.TermIds, read.Alternatives!);
        if (words.Count == 0)
        {
            return new SearchResult(words, unknown, []) { Corrections = corrections, Expanded = expanded };
        }

        var scores = ArrayPool<float>.Shared.Rent(ItemCount);
        var masks = ArrayPool<uint>.Shared.Rent(ItemCount);
        var touched = ArrayPool<int>.Shared.Rent(ItemCount);
        var wordBest = ArrayPool<float>.Shared.Rent(ItemCount);
        Array.Clear(masks, 0, ItemCount);
        try
        {
            var state = new Accumulator(scores, masks, touched, wordBest);
            for (var w = 0; w < words.Count; w++)
            {
                if (alternatives[w] is not { } word)
                {
                    var t = termIds[w];
                    for (var p = _starts[t]; p < _starts[t + 1]; p++)
                    {
                        var item = _items[p];
                        if (masks[item] == 0)
                        {
                            touched[state.Matched++] = item;
                            scores[item] = 0;
                        }

                        scores[item] += _impacts[p];
                        masks[item] |= 1u << w;
                    }

                    continue;
                }

                foreach (var terms in word.Terms)
                {
                    AddAlternative(terms, 1u << w, ref state);
                }
            }

            var matched = state.Matched;
            for (var h = 0; h < matched; h++)
            {
                var item = touched[h];
                scores[item] *= (float)BitOperations.PopCount(masks[item]) / words.Count;
            }

            var hits = Best(touched.AsSpan(0, matched), scores, masks, limit > 0 ? Math.Min(limit, matched) : matched);
            return new SearchResult(words, unknown, hits)
            {
                Corrections = corrections,
                Matched = matched,
                Expanded = expanded,
                Alternatives = alternatives,
                Index = this,
            };
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<uint>.Shared.Return(masks);
            ArrayPool<int>.Shared.Return(touched);
            ArrayPool<float>.Shared.Return(wordBest);
        }
    }

    /// <summary>The alternatives of <paramref name="expansion"/> whose every term the catalogue has, as term ids; null when none.</summary>
    private SearchAlternatives? Present(SynonymExpansion expansion)
    {
        var displays = new List<string>();
        var terms = new List<int[]>();
        var firstIsTyped = false;
        for (var a = 0; a < expansion.Alternatives.Length; a++)
        {
            var alternative = expansion.Alternatives[a];
            var ids = new int[alternative.Terms.Length];
            var all = true;
            for (var i = 0; i < ids.Length && all; i++)
            {
                all = _terms.TryGetValue(alternative.Terms[i], out ids[i]);
            }

            if (all)
            {
                firstIsTyped |= a == 0;
                displays.Add(alternative.Display);
                terms.Add(ids);
            }
        }

        return terms.Count == 0 ? null : new SearchAlternatives([.. displays], [.. terms], firstIsTyped);
    }

    /// <summary>
    /// Offers each item holding every term of <paramref name="terms"/> its summed impacts (in term order) as the part of
    /// the word of bit <paramref name="bit"/> in its score, which keeps the best alternative's.
    /// </summary>
    private void AddAlternative(int[] terms, uint bit, ref Accumulator state)
    {
        if (terms.Length == 1)
        {
            var t = terms[0];
            for (var p = _starts[t]; p < _starts[t + 1]; p++)
            {
                state.Offer(_items[p], _impacts[p], bit);
            }

            return;
        }

        // An intersection of postings in item order, led by the rarest term; a list much longer than the lead's is
        // searched (binary) from where it stands, a shorter one walked.
        var lead = 0;
        for (var i = 1; i < terms.Length; i++)
        {
            if (_frequencies[terms[i]] < _frequencies[terms[lead]])
            {
                lead = i;
            }
        }

        var positions = new int[terms.Length];
        var jump = new bool[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            positions[i] = _starts[terms[i]];
            jump[i] = _frequencies[terms[i]] > 8 * _frequencies[terms[lead]];
        }

        for (var p = _starts[terms[lead]]; p < _starts[terms[lead] + 1]; p++)
        {
            var item = _items[p];
            var all = true;
            for (var i = 0; i < terms.Length && all; i++)
            {
                var end = _starts[terms[i] + 1];
                if (jump[i])
                {
                    var at = Array.BinarySearch(_items, positions[i], end - positions[i], item);
                    positions[i] = at >= 0 ? at : ~at;
                }
                else
                {
                    while (positions[i] < end && _items[positions[i]] < item)
                    {
                        positions[i]++;
                    }
                }

                all = positions[i] < end && _items[positions[i]] == item;
            }

            if (all)
            {
                var sum = 0f;
                for (var i = 0; i < terms.Length; i++)
                {
                    sum += _impacts[positions[i]];
                }

                state.Offer(item, sum, bit);
            }
        }
    }

    /// <summary>The scores being summed for a search with synonym words, over pooled arrays indexed by item.</summary>
    private struct Accumulator(float[] scores, uint[] masks, int[] touched, float[] wordBest)
    {
        /// <summary>How many items have been reached (the first in <c>touched</c>).</summary>
        public int Matched;

        public readonly float[] Scores => scores;

        public readonly uint[] Masks => masks;

        public readonly int[] Touched => touched;

        public readonly float[] WordBest => wordBest;

        /// <summary>
        /// Makes <paramref name="score"/> the part of the word of bit <paramref name="bit"/> in the item's score, unless
        /// an alternative of that word already gave it more (the word's part so far is kept in <c>wordBest</c>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Offer(int item, float score, uint bit)
        {
            var mask = masks[item];
            if ((mask & bit) == 0)
            {
                if (mask == 0)
                {
                    touched[Matched++] = item;
                    scores[item] = 0;
                }

                masks[item] = mask | bit;
                scores[item] += score;
                wordBest[item] = score;
            }
            else if (score > wordBest[item])
            {
                scores[item] += score - wordBest[item];
                wordBest[item] = score;
            }
        }
    }

    /// <summary>The impact of term <paramref name="term"/> in <paramref name="item"/> (a binary search of its postings), or NaN when the item lacks it.</summary>
    internal float ImpactOf(int term, int item)
    {
        var at = Array.BinarySearch(_items, _starts[term], _starts[term + 1] - _starts[term], item);
        return at >= 0 ? _impacts[at] : float.NaN;
    }
}

/// <summary>The alternatives of one synonym word that the catalogue has: as the sets write them, and their term ids.</summary>
/// <param name="Displays">Each alternative as its set writes it.</param>
/// <param name="Terms">Each alternative's distinct term ids, in its own order.</param>
/// <param name="FirstIsTyped">Whether the first is the words typed (absent when the catalogue lacks them).</param>
internal sealed record SearchAlternatives(string[] Displays, int[][] Terms, bool FirstIsTyped)
{
    /// <summary>The alternative with the highest summed impact that <paramref name="item"/> holds every term of (the first on a tie), or -1.</summary>
    public int BestFor(ItemSearchIndex index, int item)
    {
        var best = -1;
        var bestScore = float.NegativeInfinity;
        for (var a = 0; a < Terms.Length; a++)
        {
            var sum = 0f;
            foreach (var t in Terms[a])
            {
                sum += index.ImpactOf(t, item);
            }

            if (!float.IsNaN(sum) && sum > bestScore)
            {
                (best, bestScore) = (a, sum);
            }
        }

        return best;
    }
}

using System.Buffers;
using System.Numerics;

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
    private SearchResult SearchExpanded(List<string> found, List<string> surfaces, List<(int Start, int Length, SynonymExpansion Expansion)> spans, int limit)
    {
        var words = new List<string>();
        var unknown = new List<string>();
        var corrections = new List<SearchCorrection>();
        var expanded = new List<SearchExpansion>();

        // Per word: a plain word's term (and null), or -1 and a synonym word's alternatives.
        var termIds = new List<int>();
        var alternatives = new List<SearchAlternatives?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groups = new HashSet<int>();

        void AddPlain(int k)
        {
            if (!seen.Add(found[k]))
            {
                return;
            }

            if (_terms.TryGetValue(found[k], out var t))
            {
                if (!termIds.Contains(t))
                {
                    words.Add(surfaces[k]);
                    termIds.Add(t);
                    alternatives.Add(null);
                }
            }
            else if (Options.Correct && ClosestWord(surfaces[k].ToLowerInvariant()) is { } closest)
            {
                corrections.Add(new SearchCorrection(surfaces[k], closest.Display));
                if (!termIds.Contains(closest.Term))
                {
                    words.Add(closest.Display);
                    termIds.Add(closest.Term);
                    alternatives.Add(null);
                }
            }
            else
            {
                unknown.Add(surfaces[k]);
            }
        }

        var span = 0;
        for (var k = 0; k < found.Count && words.Count + unknown.Count < MaxWords;)
        {
            if (span >= spans.Count || spans[span].Start != k)
            {
                AddPlain(k++);
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
                for (var p = k - length; p < k && words.Count + unknown.Count < MaxWords; p++)
                {
                    AddPlain(p);
                }

                continue;
            }

            groups.Add(expansion.Group);
            words.Add(expansion.Display);
            termIds.Add(-1);
            alternatives.Add(present);
            expanded.Add(new SearchExpansion(expansion.Display, [.. expansion.Alternatives.Select(static a => a.Display)]));
        }

        if (words.Count == 0)
        {
            return new SearchResult(words, unknown, []) { Corrections = corrections, Expanded = expanded };
        }

        var scores = ArrayPool<float>.Shared.Rent(ItemCount);
        var masks = ArrayPool<uint>.Shared.Rent(ItemCount);
        var touched = ArrayPool<int>.Shared.Rent(ItemCount);
        var wordBest = ArrayPool<float>.Shared.Rent(ItemCount);
        var wordOf = ArrayPool<int>.Shared.Rent(ItemCount);
        var wordTouched = ArrayPool<int>.Shared.Rent(ItemCount);
        Array.Clear(masks, 0, ItemCount);
        Array.Clear(wordOf, 0, ItemCount);
        try
        {
            var matched = 0;
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
                            touched[matched++] = item;
                            scores[item] = 0;
                        }

                        scores[item] += _impacts[p];
                        masks[item] |= 1u << w;
                    }

                    continue;
                }

                // The best alternative per item (wordOf marks the items this word reached, with w + 1).
                var reached = 0;
                foreach (var terms in word.Terms)
                {
                    reached = AddAlternative(terms, w + 1, wordBest, wordOf, wordTouched, reached);
                }

                for (var h = 0; h < reached; h++)
                {
                    var item = wordTouched[h];
                    if (masks[item] == 0)
                    {
                        touched[matched++] = item;
                        scores[item] = 0;
                    }

                    scores[item] += wordBest[item];
                    masks[item] |= 1u << w;
                }
            }

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
            ArrayPool<int>.Shared.Return(wordOf);
            ArrayPool<int>.Shared.Return(wordTouched);
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
    /// Offers each item holding every term of <paramref name="terms"/> its summed impacts (in term order) as word
    /// <paramref name="mark"/> - 1's score, keeping the best; returns how many items the word has reached.
    /// </summary>
    private int AddAlternative(int[] terms, int mark, float[] wordBest, int[] wordOf, int[] wordTouched, int reached)
    {
        void Offer(int item, float score)
        {
            if (wordOf[item] != mark)
            {
                wordOf[item] = mark;
                wordBest[item] = score;
                wordTouched[reached++] = item;
            }
            else if (score > wordBest[item])
            {
                wordBest[item] = score;
            }
        }

        if (terms.Length == 1)
        {
            var t = terms[0];
            for (var p = _starts[t]; p < _starts[t + 1]; p++)
            {
                Offer(_items[p], _impacts[p]);
            }

            return reached;
        }

        // An intersection of postings in item order, led by the rarest term.
        var lead = 0;
        for (var i = 1; i < terms.Length; i++)
        {
            if (_frequencies[terms[i]] < _frequencies[terms[lead]])
            {
                lead = i;
            }
        }

        var positions = new int[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            positions[i] = _starts[terms[i]];
        }

        for (var p = _starts[terms[lead]]; p < _starts[terms[lead] + 1]; p++)
        {
            var item = _items[p];
            var all = true;
            for (var i = 0; i < terms.Length && all; i++)
            {
                var end = _starts[terms[i] + 1];
                while (positions[i] < end && _items[positions[i]] < item)
                {
                    positions[i]++;
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

                Offer(item, sum);
            }
        }

        return reached;
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

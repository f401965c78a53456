using Penchant.Core.Data;
using Penchant.Core.Search;
using Penchant.Core.Text;

namespace Penchant.Core.Tests.Search;

public sealed class ItemSearchIndexTests
{
    private static readonly Item[] Shop =
    [
        new("t0", "Trail running shoe", "Light and waterproof", ["Shoes", "Running"], "Acme", Tags: ["trail"]),
        new("t1", "Leather boot", "Good for running errands", ["Shoes", "Boots"], "Boulder"),
        new("t2", "Summer dress", "Cotton, with pockets", ["Clothing", "Dresses"], "Acme"),
        new("t3", "男子跑鞋", "轻便透气", ["鞋", "跑鞋"], "飞跃"),
        new("t4", "连衣裙", "夏季棉质", ["服装", "连衣裙"], "飞跃"),
        new("t5", "Waterproof jacket", "For trail and city", ["Clothing", "Jackets"], "Boulder"),
    ];

    [Fact]
    public void Stop_words_that_tell_products_apart_and_single_letters_are_searched_and_plain_text_features_still_drop_them()
    {
        Item[] jackets =
        [
            new("j0", "Rain jacket", null, ["Clothing", "Jackets"], "Boulder"),
            new("j1", "Down jacket", null, ["Clothing", "Down jackets"], "Boulder"),
            new("j2", "Over-ear headphones", null, ["Audio"], "Sonar"),
            new("j3", "On-ear headphones", null, ["Audio"], "Sonar"),
            new("j4", "Cotton T-shirt", null, ["Clothing", "T-shirts"], "Boulder"),
            new("j5", "Cotton shirt", null, ["Clothing", "Shirts"], "Boulder"),
        ];
        var index = ItemSearchIndex.Build(jackets);
        Assert.Equal(TokenizerOptions.Search, index.Options.Tokenizer);
        var down = index.Search("down jacket");
        Assert.Equal(["down", "jacket"], down.Words);
        Assert.Equal("j1", jackets[down.Hits[0].Item].Id);
        Assert.True(down.Hits[0].Score > down.Hits[1].Score);
        Assert.Equal(["j2"], index.Search("over ear").Hits.Where(h => h.Matched == 0b11).Select(h => jackets[h.Item].Id));

        // Single letters count: "t-shirt" is "t" and "shirt", so the T-shirt comes first and the shirt has one word of two.
        var tee = index.Search("t-shirt");
        Assert.Equal(["j4", "j5"], tee.Hits.Select(h => jackets[h.Item].Id));
        Assert.True(tee.Hits[0].Score > 2 * tee.Hits[1].Score);

        // The function words stay out of search, and every stop word out of the default tokenizer.
        Assert.Equal(["jacket"], index.Search("the jacket for me").Words);
        Assert.Equal(["jacket"], new TextTokenizer().Tokenize("down jacket"));
        Assert.Equal(["down", "jacket"], new TextTokenizer(TokenizerOptions.Search).Tokenize("down jacket"));
    }

    [Fact]
    public void A_word_an_index_searched_alongside_holds_is_not_corrected_into_a_near_word_of_this_one()
    {
        var trained = ItemSearchIndex.Build(Shop);
        var added = ItemSearchIndex.Build([new Item("n0", "Jackit by Boulder", null, ["Clothing", "Coats"], "Boulder")]);

        // Alone, the trained index reads "jackit" as "jacket"; with the added items alongside, "jackit" is their word.
        Assert.Equal([new SearchCorrection("jackit", "jacket")], trained.Search("jackit").Corrections);
        var beside = trained.Search("jackit", alongside: added);
        Assert.Empty(beside.Corrections);
        Assert.Equal(["jackit"], beside.Unknown);
        Assert.Empty(beside.Hits);

        // The other way round: the added items' index does not read the trained "jacket" as its "jackit".
        Assert.Equal("jackit", Assert.Single(added.Search("jacket").Corrections).Used);
        Assert.Empty(added.Search("jacket", alongside: trained).Hits);
        Assert.True(trained.HasTerm("jacket"));
        Assert.False(trained.HasTerm("jackit"));

        // With synonyms in the query too (the set's words are the trained items').
        var synonyms = SearchSynonyms.Build([new SynonymSet(["raincoat", "waterproof jacket"], false)], trained.Options.Tokenizer);
        var expanded = trained.Search("raincoat jackit", synonyms: synonyms, alongside: added);
        Assert.Single(expanded.Expanded);
        Assert.Empty(expanded.Corrections);
        Assert.Equal([new SearchCorrection("jackit", "jacket")], trained.Search("raincoat jackit", synonyms: synonyms).Corrections);
    }

    [Fact]
    public void A_word_in_the_title_counts_more_than_the_same_word_in_the_description_and_stems_match()
    {
        var result = ItemSearchIndex.Build(Shop).Search("running shoes");
        var ids = result.Hits.Select(static h => Shop[h.Item].Id).ToList();
        Assert.Equal("t0", ids[0]); // title, category and both words
        Assert.Contains("t1", ids); // "running" only in its description, "shoes" in its category
        Assert.DoesNotContain("t2", ids);
        Assert.Equal(["running", "shoes"], result.Words);
        Assert.Equal(["running", "shoes"], result.WordsOf(result.Hits[0].Matched));
    }

    [Fact]
    public void An_item_with_every_word_comes_before_one_with_a_single_rarer_word()
    {
        // "pockets" is in one item only (a high idf); "waterproof trail" are both in t0 and t5.
        var index = ItemSearchIndex.Build(Shop);
        var result = index.Search("waterproof trail pockets");
        var top = result.Hits.Take(2).Select(static h => Shop[h.Item].Id).Order().ToList();
        Assert.Equal(["t0", "t5"], top);
        var pockets = result.Hits.Single(h => Shop[h.Item].Id == "t2");
        Assert.Equal(["pockets"], result.WordsOf(pockets.Matched));
        Assert.True(pockets.Score < result.Hits[1].Score);
    }

    [Fact]
    public void Chinese_queries_match_by_character_bigrams_without_a_dictionary()
    {
        var index = ItemSearchIndex.Build(Shop);
        var shoes = index.Search("跑鞋");
        Assert.Equal("t3", Shop[shoes.Hits[0].Item].Id);
        Assert.DoesNotContain(shoes.Hits, h => Shop[h.Item].Id == "t4");
        Assert.Equal("t4", Shop[index.Search("棉质连衣裙").Hits[0].Item].Id);
    }

    [Fact]
    public void Unknown_words_are_named_and_a_query_of_only_those_matches_nothing()
    {
        var index = ItemSearchIndex.Build(Shop);
        var result = index.Search("trail unicorn");
        Assert.Equal(["trail"], result.Words);
        Assert.Equal(["unicorn"], result.Unknown);
        Assert.Equal(["t0", "t5"], result.Hits.Select(h => Shop[h.Item].Id).Order());

        var nothing = index.Search("unicorn glitter");
        Assert.Empty(nothing.Hits);
        Assert.Empty(nothing.Words);
        Assert.Empty(index.Search("").Hits);
        Assert.Empty(index.Search(null).Hits);
    }

    [Fact]
    public void Null_items_are_left_out_the_limit_holds_and_equal_scores_keep_item_order()
    {
        Item?[] items = [new("a", "red mug"), null, new("c", "red mug"), new("d", "red mug")];
        var index = ItemSearchIndex.Build(items);
        Assert.Equal(4, index.ItemCount);
        Assert.Equal([0, 2, 3], index.Search("mug").Hits.Select(static h => h.Item));
        Assert.Equal([0, 2], index.Search("red mug", limit: 2).Hits.Select(static h => h.Item));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search("mug", -1));
    }

    [Fact]
    public void Scores_equal_a_plain_bm25_over_titles_computed_term_by_term()
    {
        // Titles only (every other field weighs 0), so the reference needs nothing but the public tokenizer.
        var random = new Random(5);
        string[] vocabulary = ["red", "blue", "mug", "cup", "tea", "coffee", "glass", "steel", "large", "small"];
        var items = Enumerable.Range(0, 60)
            .Select(i => new Item($"i{i}", string.Join(' ', Enumerable.Range(0, 1 + random.Next(6)).Select(_ => vocabulary[random.Next(vocabulary.Length)]))))
            .ToList();
        var options = new ItemSearchOptions(new TextFieldWeights(Title: 1f, Description: 0f, Category: 0f, Brand: 0f, Tags: 0f), K1: 1.5f, B: 0.6f);
        var index = ItemSearchIndex.Build(items, options);
        var tokenizer = new TextTokenizer(index.Options.Tokenizer); // the index's own: catalogue search's
        var docs = items.Select(item => tokenizer.Tokenize(item.Title)).ToList();
        var average = docs.Average(static d => (double)d.Count);

        foreach (var query in new[] { "red mug", "coffee", "large steel glass", "tea tea cup" })
        {
            var terms = tokenizer.Tokenize(query).Distinct().ToList();
            var expected = new Dictionary<int, double>();
            for (var i = 0; i < docs.Count; i++)
            {
                double sum = 0;
                var matched = 0;
                foreach (var term in terms)
                {
                    var tf = docs[i].Count(t => t == term);
                    if (tf == 0)
                    {
                        continue;
                    }

                    matched++;
                    double df = docs.Count(d => d.Contains(term));
                    var idf = Math.Log(1 + ((docs.Count - df + 0.5) / (df + 0.5)));
                    sum += idf * tf * (1.5 + 1) / (tf + (1.5 * (1 - 0.6 + (0.6 * docs[i].Count / average))));
                }

                if (matched > 0)
                {
                    expected[i] = sum * matched / terms.Count;
                }
            }

            var hits = index.Search(query).Hits;
            Assert.Equal(expected.Count, hits.Count);
            foreach (var hit in hits)
            {
                Assert.Equal(expected[hit.Item], hit.Score, 4);
            }

            Assert.True(hits.Zip(hits.Skip(1)).All(static p => p.First.Score >= p.Second.Score));

            // A limit keeps the best of the same ranking and still counts every match.
            foreach (var limit in new[] { 1, 3, 7 })
            {
                var best = index.Search(query, limit);
                Assert.Equal(hits.Take(limit), best.Hits);
                Assert.Equal(hits.Count, best.Matched);
            }
        }
    }

    [Fact]
    public void A_word_no_item_has_is_read_as_the_closest_catalogue_word_and_said_so()
    {
        var index = ItemSearchIndex.Build(Shop);
        var result = index.Search("waterprof jackte");
        Assert.Equal([new SearchCorrection("waterprof", "waterproof"), new SearchCorrection("jackte", "jacket")], result.Corrections);
        Assert.Empty(result.Unknown);
        Assert.Equal("t5", Shop[result.Hits[0].Item].Id);

        // Compared as written, not as stemmed: "runnig" is an edit from "running", though not from its stem.
        var running = index.Search("runnig");
        Assert.Equal([new SearchCorrection("runnig", "running")], running.Corrections);
        Assert.Equal(["t0", "t1"], running.Hits.Select(h => Shop[h.Item].Id).Order());

        // Words under four letters, numbers and words too far from any are not corrected; "drss" is a letter from "dress".
        var far = index.Search("drs xylophone 77 drss");
        Assert.Equal([new SearchCorrection("drss", "dress")], far.Corrections);
        Assert.Equal(["drs", "xylophone", "77"], far.Unknown);
        Assert.Empty(ItemSearchIndex.Build(Shop, new ItemSearchOptions(Correct: false)).Search("jackte").Hits);
    }

    [Fact]
    public void The_bounded_distance_equals_a_plain_edit_distance_with_swaps_up_to_its_bound()
    {
        var random = new Random(3);
        for (var n = 0; n < 3_000; n++)
        {
            var a = new string([.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => (char)('a' + random.Next(4)))]);
            var b = new string([.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => (char)('a' + random.Next(4)))]);
            var plain = Plain(a, b);
            foreach (var bound in new[] { 0, 1, 2, 3 })
            {
                Assert.Equal(Math.Min(plain, bound + 1), ItemSearchIndex.Distance(a, b, bound));
            }
        }
    }

    // Optimal string alignment over the full table.
    private static int Plain(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [Fact]
    public void Suggestions_complete_the_last_word_with_the_words_before_it_most_items_first()
    {
        var index = ItemSearchIndex.Build(Shop);
        Assert.Equal([new SearchSuggestion("waterproof", 2)], index.Suggest("wat", 5));
        // "trail" is in t0 (title, tag) and t5 (description); with "waterproof" before it, both still have both.
        Assert.Equal([new SearchSuggestion("waterproof trail", 2)], index.Suggest("waterproof tr", 5));
        // "running" alone is in t0 and t1; "shoe" with it only in t0 (t1 says "running errands" under Shoes too).
        var run = index.Suggest("ru", 5);
        Assert.Equal("running", run[0].Text);
        Assert.Equal(2, run[0].Items);
        Assert.Equal(["跑鞋"], index.Suggest("跑", 5).Select(static s => s.Text).Where(static t => t.Length > 1));
        Assert.Empty(index.Suggest("zzz", 5));
        Assert.Empty(index.Suggest("wat ", 5)); // a finished word is not completed
        Assert.Empty(index.Suggest("", 5));
        Assert.Single(index.Suggest("s", 1));
    }

    [Fact]
    public void Suggestion_counts_equal_the_items_holding_every_word_counted_one_by_one()
    {
        var random = new Random(9);
        string[] vocabulary = ["red", "rose", "blue", "mug", "mat", "cup", "tea", "teal", "coffee", "cotton", "glass", "green"];
        var items = Enumerable.Range(0, 80)
            .Select(i => new Item($"i{i}", string.Join(' ', Enumerable.Range(0, 1 + random.Next(5)).Select(_ => vocabulary[random.Next(vocabulary.Length)]))))
            .ToList();
        var index = ItemSearchIndex.Build(items, new ItemSearchOptions(new TextFieldWeights(Title: 1f, Description: 0f, Category: 0f, Brand: 0f, Tags: 0f)));
        var titles = items.Select(static i => i.Title.Split(' ').ToHashSet()).ToList();

        foreach (var typed in new[] { "r", "te", "co", "red m", "blue te", "green gl", "tea c" })
        {
            var suggestions = index.Suggest(typed, 20);
            var words = typed.Split(' ');
            var expected = vocabulary.Where(v => v.StartsWith(words[^1], StringComparison.Ordinal))
                .Select(v => (Text: string.Join(' ', [.. words[..^1], v]), Items: titles.Count(t => words[..^1].All(t.Contains) && t.Contains(v))))
                .Where(static e => e.Items > 0)
                .OrderByDescending(static e => e.Items).ThenBy(static e => e.Text, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, suggestions.Select(static s => (s.Text, s.Items)));
        }
    }
}

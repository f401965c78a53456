using Penchant.Core.Data;
using Penchant.Core.Search;
using Penchant.Core.Text;

namespace Penchant.Core.Tests.Search;

public sealed class SearchSynonymsTests
{
    private static readonly TextFieldWeights TitlesOnly = new(Title: 1f, Description: 0f, Category: 0f, Brand: 0f, Tags: 0f);

    private static readonly Item[] Shop =
    [
        new("tee", "Cotton tee"),
        new("shirt", "Red t-shirt"),
        new("laptop", "Light laptop"),
        new("notebook", "Thin notebook"),
        new("trainer", "Running trainer"),
        new("speaker", "Bluetooth speaker"),
        new("running-shoe", "Trail running shoe"),
        new("跑鞋", "男子跑鞋"),
    ];

    private static SearchSynonyms Synonyms(params SynonymSet[] sets) => SearchSynonyms.Build(sets);

    private static string[] Ids(SearchResult result) => [.. result.Hits.Select(static h => Shop[h.Item].Id)];

    [Fact]
    public void A_two_way_set_finds_the_items_of_every_entry_and_names_what_each_item_matched()
    {
        var index = ItemSearchIndex.Build(Shop);
        var synonyms = Synonyms(new SynonymSet(["tee", "t-shirt"]));
        Assert.Equal(["tee"], Ids(index.Search("tee")));

        var tee = index.Search("tee", synonyms: synonyms);
        Assert.Equal(["shirt", "tee"], Ids(tee).Order());
        Assert.Equal(["tee"], tee.Words);
        Assert.Equal("tee", Assert.Single(tee.Expanded).Typed);
        Assert.Equal(["tee", "t-shirt"], tee.Expanded[0].Searched);
        var shirt = tee.Hits.Single(h => Shop[h.Item].Id == "shirt");
        Assert.Equal([new SearchWordMatch("t-shirt", "tee")], tee.MatchesOf(shirt.Item, shirt.Matched));
        var own = tee.Hits.Single(h => Shop[h.Item].Id == "tee");
        Assert.Equal([new SearchWordMatch("tee", null)], tee.MatchesOf(own.Item, own.Matched));

        // The other way: "t-shirt" is read as the search reads it ("shirt": one-letter words are left out) and finds tees.
        var back = index.Search("T-Shirts", synonyms: synonyms);
        Assert.Equal(["shirt", "tee"], Ids(back).Order());
        Assert.Equal(["t-shirt"], back.Words);
        Assert.Equal(["t-shirt", "tee"], back.Expanded[0].Searched);
    }

    [Fact]
    public void Entries_that_expand_are_listed_by_prefix_in_lower_case_and_text_order()
    {
        var synonyms = SearchSynonyms.Build([new SynonymSet(["Tee", "T-Shirt"]), new SynonymSet(["laptop", "notebook"], OneWay: true), new SynonymSet(["tank top", "vest"])]);
        Assert.Equal(["t-shirt", "tank top", "tee"], synonyms.ExpandingStartingWith("T", 10));
        Assert.Equal(["t-shirt", "tank top"], synonyms.ExpandingStartingWith("t", 2));
        Assert.Equal(["laptop"], synonyms.ExpandingStartingWith("LAP", 10));
        Assert.Empty(synonyms.ExpandingStartingWith("note", 10)); // a one-way set's other entries find nothing more
        Assert.Empty(synonyms.ExpandingStartingWith("", 10));
    }

    [Fact]
    public void A_one_way_set_expands_its_first_entry_only()
    {
        var index = ItemSearchIndex.Build(Shop);
        var synonyms = Synonyms(new SynonymSet(["laptop", "notebook"], OneWay: true));
        Assert.Equal(["laptop", "notebook"], Ids(index.Search("laptop", synonyms: synonyms)).Order());
        var notebook = index.Search("notebook", synonyms: synonyms);
        Assert.Equal(["notebook"], Ids(notebook));
        Assert.Empty(notebook.Expanded);
        Assert.Equal(["laptop", "notebook"], synonyms.Expand("laptops"));
        Assert.Empty(synonyms.Expand("notebook"));
    }

    [Fact]
    public void A_multi_word_entry_is_matched_as_a_phrase_longest_first_and_an_item_needs_every_word_of_an_alternative()
    {
        var index = ItemSearchIndex.Build(Shop);
        var synonyms = Synonyms(new SynonymSet(["running shoe", "trainer"]), new SynonymSet(["running", "jogging"]));

        // "running shoes" is the two-word entry, not "running" then "shoes": one word, and trail running shoes or trainers.
        var phrase = index.Search("running shoes", synonyms: synonyms);
        Assert.Equal(["running shoe"], phrase.Words);
        Assert.Equal(["running-shoe", "trainer"], Ids(phrase).Order());

        // "trainer" finds the item with both words of "running shoe" (and says so); "jogging" what has "running".
        var trainer = index.Search("trainer", synonyms: synonyms);
        Assert.Equal(["running-shoe", "trainer"], Ids(trainer).Order());
        var shoe = trainer.Hits.Single(h => Shop[h.Item].Id == "running-shoe");
        Assert.Equal([new SearchWordMatch("running shoe", "trainer")], trainer.MatchesOf(shoe.Item, shoe.Matched));
        Assert.Equal(["running-shoe", "trainer"], Ids(index.Search("jogging", synonyms: synonyms)).Order());

        // Part of a phrase is not the phrase: "trail" alone is no entry of {"trail shoe", "boot"}.
        var part = index.Search("trail", synonyms: Synonyms(new SynonymSet(["trail shoe", "boot"])));
        Assert.Empty(part.Expanded);
        Assert.Equal(["running-shoe"], Ids(part));
    }

    [Fact]
    public void A_word_that_is_an_entry_is_not_corrected_when_a_synonym_of_it_is_in_the_catalogue()
    {
        var index = ItemSearchIndex.Build(Shop);
        var plain = index.Search("sneaker");
        Assert.Equal([new SearchCorrection("sneaker", "speaker")], plain.Corrections);

        var synonyms = Synonyms(new SynonymSet(["sneaker", "trainer"]));
        var read = index.Search("sneaker", synonyms: synonyms);
        Assert.Empty(read.Corrections);
        Assert.Equal(["trainer"], Ids(read));
        var hit = read.Hits[0];
        Assert.Equal([new SearchWordMatch("trainer", "sneaker")], read.MatchesOf(hit.Item, hit.Matched));

        // A set none of whose entries the catalogue has leaves the word to the plain search, correction included.
        var absent = index.Search("sneaker", synonyms: Synonyms(new SynonymSet(["sneaker", "plimsoll"])));
        Assert.Equal([new SearchCorrection("sneaker", "speaker")], absent.Corrections);
        Assert.Empty(absent.Expanded);
    }

    [Fact]
    public void Entries_of_one_group_count_once_and_words_beyond_the_sets_keep_their_plain_scores()
    {
        var index = ItemSearchIndex.Build(Shop);
        var synonyms = Synonyms(new SynonymSet(["tee", "t-shirt"]));
        var both = index.Search("tee t-shirt", synonyms: synonyms);
        Assert.Equal(["tee"], both.Words);
        Assert.Equal(index.Search("tee", synonyms: synonyms).Hits, both.Hits);

        // "cotton" is no entry: the cotton tee has both words, the red t-shirt only the synonym word.
        var cotton = index.Search("cotton tee", synonyms: synonyms);
        Assert.Equal(["cotton", "tee"], cotton.Words);
        Assert.Equal("tee", Shop[cotton.Hits[0].Item].Id);
        var shirt = cotton.Hits.Single(h => Shop[h.Item].Id == "shirt");
        Assert.Equal(index.Search("t-shirt").Hits.Single(h => h.Item == shirt.Item).Score / 2, shirt.Score, 5);
        Assert.Equal(0b10u, shirt.Matched);
    }

    [Fact]
    public void A_phrase_finds_exactly_the_items_with_every_one_of_its_words_however_unlike_their_postings()
    {
        // "crimson" in nearly every item, "velvet" in few (its postings lead, and "crimson"'s are searched from where they
        // stand) or in many (both walked), some next to one another and at the end, other words' postings before theirs;
        // each item's score is the two words' impacts.
        Func<int, bool>[] velvets = [static i => i % 70 is 0 or 1 || i % 53 == 0 || i == 398, static i => i % 3 != 1 || i == 398];
        foreach (var velvet in velvets)
        {
            var items = Enumerable.Range(0, 400)
                .Select(i => new Item($"i{i}", (i % 3 == 0 ? "mug " : "cup ") + (i % 7 == 0 ? "" : "crimson ") + (velvet(i) ? "velvet" : "")))
                .ToList();
            var index = ItemSearchIndex.Build(items);
            var plain = index.Search("crimson velvet").Hits.ToDictionary(static h => h.Item, static h => h.Score);
            var expected = Enumerable.Range(0, 400).Where(i => i % 7 != 0 && velvet(i)).ToList();
            foreach (var (query, set) in new[] { ("scarlet", new SynonymSet(["scarlet", "crimson velvet"])), ("velvet crimson", new SynonymSet(["velvet crimson", "scarlet"])) })
            {
                var hits = index.Search(query, synonyms: Synonyms(set)).Hits;
                Assert.Equal(expected, hits.Select(static h => h.Item).Order());
                Assert.All(hits, h => Assert.Equal(plain[h.Item], h.Score, 5));
            }
        }
    }

    [Fact]
    public void Chinese_entries_match_as_character_pairs()
    {
        var index = ItemSearchIndex.Build(Shop);
        var synonyms = Synonyms(new SynonymSet(["运动鞋", "跑鞋"]));
        Assert.Equal(["鞋"], index.Search("运动鞋").Words); // without the set, by the shared character only
        var found = index.Search("运动鞋", synonyms: synonyms);
        Assert.Equal(["跑鞋"], Ids(found));
        Assert.Equal(["运动鞋"], found.Words);
        Assert.Equal([new SearchWordMatch("跑鞋", "运动鞋")], found.MatchesOf(found.Hits[0].Item, found.Hits[0].Matched));
    }

    [Fact]
    public void Without_synonyms_or_with_none_that_match_the_search_is_the_plain_one()
    {
        var random = new Random(11);
        string[] vocabulary = ["red", "blue", "mug", "cup", "tea", "coffee", "glass", "steel", "large", "small", "tee", "shirt"];
        var items = Enumerable.Range(0, 80)
            .Select(i => new Item($"i{i}", string.Join(' ', Enumerable.Range(0, 1 + random.Next(6)).Select(_ => vocabulary[random.Next(vocabulary.Length)]))))
            .ToList();
        var index = ItemSearchIndex.Build(items);
        var empty = SearchSynonyms.Build([]);
        var elsewhere = Synonyms(new SynonymSet(["laptop", "notebook"]), new SynonymSet(["sofa", "couch"], OneWay: true));
        Assert.True(empty.IsEmpty);
        foreach (var query in new[] { "red mug", "coffe cup", "large steel glass unicorn", "tea tea cup", "", "notebook" })
        {
            var plain = index.Search(query, 5);
            foreach (var result in new[] { index.Search(query, 5, null), index.Search(query, 5, empty), index.Search(query, 5, elsewhere) })
            {
                Assert.Equal(plain.Hits, result.Hits);
                Assert.Equal(plain.Words, result.Words);
                Assert.Equal(plain.Unknown, result.Unknown);
                Assert.Equal(plain.Corrections, result.Corrections);
                Assert.Equal(plain.Matched, result.Matched);
                Assert.Empty(result.Expanded);
            }
        }
    }

    [Fact]
    public void Scores_equal_a_plain_bm25_reference_taking_each_synonym_word_as_its_best_alternative()
    {
        // Titles only, so that the reference needs nothing but the public tokenizer; sets that overlap, one-way and
        // multi-word, one of whose words is in most items and the other in few (so its postings are searched, not walked).
        var random = new Random(7);
        string[] vocabulary = ["tee", "shirt", "laptop", "notebook", "running", "shoe", "sneaker", "red", "blue", "mug", "cup", "beaker", "cotton"];
        var items = Enumerable.Range(0, 300)
            .Select(i => new Item($"i{i}", string.Join(' ', Enumerable.Range(0, 1 + random.Next(6)).Select(_ => vocabulary[random.Next(vocabulary.Length)]))
                + (random.Next(10) < 9 ? " crimson" : "") + (random.Next(30) == 0 ? " velvet" : "") + (random.Next(30) == 0 ? " scarlet" : "")))
            .ToList();
        SynonymSet[] sets =
        [
            new(["tee", "t-shirt"]),
            new(["laptop", "notebook", "portable computer"], OneWay: true),
            new(["running shoe", "sneaker"]),
            new(["mug", "cup"]),
            new(["cup", "beaker"]),
            new(["scarlet", "crimson velvet"]),
        ];
        var options = new ItemSearchOptions(TitlesOnly, K1: 1.2f, B: 0.75f);
        var index = ItemSearchIndex.Build(items, options);
        var synonyms = SearchSynonyms.Build(sets);
        var tokenizer = new TextTokenizer(index.Options.Tokenizer); // the index's own: catalogue search's
        var docs = items.Select(item => tokenizer.Tokenize(item.Title)).ToList();
        var average = docs.Average(static d => (double)d.Count);

        double Bm25(string term, int i)
        {
            var tf = docs[i].Count(t => t == term);
            if (tf == 0)
            {
                return double.NaN;
            }

            double df = docs.Count(d => d.Contains(term));
            var idf = Math.Log(1 + ((docs.Count - df + 0.5) / (df + 0.5)));
            return idf * tf * (1.2 + 1) / (tf + (1.2 * (1 - 0.75 + (0.75 * docs[i].Count / average))));
        }

        bool InCatalogue(IEnumerable<string> terms) => terms.All(t => docs.Any(d => d.Contains(t)));

        // The expansions by hand: each expanding entry's terms, and the alternatives it finds (itself first).
        List<string> T(string text) => tokenizer.Tokenize(text);
        var expands = new List<(List<string> Entry, List<List<string>> Alternatives)>
        {
            (T("tee"), [T("tee"), T("t-shirt")]),
            (T("t-shirt"), [T("t-shirt"), T("tee")]),
            (T("laptop"), [T("laptop"), T("notebook"), T("portable computer")]),
            (T("running shoe"), [T("running shoe"), T("sneaker")]),
            (T("sneaker"), [T("sneaker"), T("running shoe")]),
            (T("mug"), [T("mug"), T("cup")]),
            (T("cup"), [T("cup"), T("mug"), T("beaker")]),
            (T("beaker"), [T("beaker"), T("cup")]),
            (T("scarlet"), [T("scarlet"), T("crimson velvet")]),
            (T("crimson velvet"), [T("crimson velvet"), T("scarlet")]),
        };

        var queries = Enumerable.Range(0, 60)
            .Select(_ => string.Join(' ', Enumerable.Range(0, 1 + random.Next(4)).Select(_ => random.Next(4) == 0 ? "t-shirt" : vocabulary[random.Next(vocabulary.Length)])))
            .Concat(["tee", "cup", "mug beaker", "running shoe red", "notebook", "laptop blue", "scarlet", "crimson velvet mug", "velvet crimson", "scarlet crimson"]);
        var (expandedQueries, byAnotherWord) = (0, 0);
        foreach (var query in queries)
        {
            // The query's words: longest entry first at each place, left to right; a group, or a plain term, once.
            var terms = T(query);
            var units = new List<List<List<string>>>();
            var groups = new HashSet<string>();
            var plain = new HashSet<string>();
            void Plain(string term)
            {
                if (InCatalogue([term]) && plain.Add(term))
                {
                    units.Add([[term]]);
                }
            }

            for (var k = 0; k < terms.Count;)
            {
                var match = expands.Where(e => e.Entry.Count <= terms.Count - k && e.Entry.SequenceEqual(terms.Skip(k).Take(e.Entry.Count)))
                    .OrderByDescending(static e => e.Entry.Count).FirstOrDefault();
                if (match.Entry is null)
                {
                    Plain(terms[k++]);
                    continue;
                }

                k += match.Entry.Count;
                var present = match.Alternatives.Where(a => InCatalogue(a)).ToList();
                if (present.Count == 0)
                {
                    match.Entry.ForEach(Plain);
                }
                else if (groups.Add(string.Join('|', match.Alternatives.Select(static a => string.Join(' ', a)).Order())))
                {
                    units.Add(present);
                }
            }

            var expected = new Dictionary<int, double>();
            for (var i = 0; i < docs.Count; i++)
            {
                var parts = units.Select(u => u.Select(a => a.Distinct().Sum(t => Bm25(t, i))).Where(static s => !double.IsNaN(s)).DefaultIfEmpty(double.NaN).Max()).ToList();
                var matched = parts.Count(static p => !double.IsNaN(p));
                if (matched > 0)
                {
                    expected[i] = parts.Where(static p => !double.IsNaN(p)).Sum() * matched / units.Count;
                }
            }

            var result = index.Search(query, synonyms: synonyms);
            expandedQueries += result.Expanded.Count > 0 ? 1 : 0;
            Assert.Equal(units.Count, result.Words.Count);
            Assert.Equal(expected.Count, result.Hits.Count);
            Assert.Equal(expected.Count, result.Matched);
            foreach (var hit in result.Hits)
            {
                Assert.Equal(expected[hit.Item], hit.Score, 4);

                // What each item is said to match is the alternative that gave its score (unless two score alike).
                var matches = result.MatchesOf(hit.Item, hit.Matched);
                var words = Enumerable.Range(0, units.Count).Where(w => (hit.Matched & (1u << w)) != 0).ToList();
                Assert.Equal(words.Count, matches.Count);
                foreach (var (w, match) in words.Zip(matches))
                {
                    var held = units[w].Select(a => (Terms: a, Score: a.Distinct().Sum(t => Bm25(t, i: hit.Item)))).Where(static a => !double.IsNaN(a.Score))
                        .OrderByDescending(static a => a.Score).ToList();
                    if (held.Count == 1 || held[0].Score - held[1].Score > 1e-5)
                    {
                        Assert.Equal(held[0].Terms.Distinct().Order(), T(match.Word).Distinct().Order());
                    }

                    if (match.For is not null)
                    {
                        Assert.Equal(result.Words[w], match.For); // a synonym stands in for the query word
                    }

                    byAnotherWord += match.For is null ? 0 : 1;
                }
            }

            Assert.True(result.Hits.Zip(result.Hits.Skip(1)).All(static p => p.First.Score > p.Second.Score || (p.First.Score == p.Second.Score && p.First.Item < p.Second.Item)));
            foreach (var limit in new[] { 1, 4 })
            {
                var best = index.Search(query, limit, synonyms);
                Assert.Equal(result.Hits.Take(limit), best.Hits);
                Assert.Equal(result.Matched, best.Matched);
            }
        }

        // The queries exercise the sets: most expand, and many items are found by another word than the one typed.
        Assert.True(expandedQueries > 40, $"{expandedQueries} queries expanded");
        Assert.True(byAnotherWord > 100, $"{byAnotherWord} matches by a synonym");
    }

    [Fact]
    public void Sets_are_checked_naming_the_entry_and_synonyms_only_serve_an_index_of_their_tokenizer()
    {
        var tokenizer = new TextTokenizer();
        Assert.Empty(SynonymSet.Problems(["tee", "t-shirt"], tokenizer));
        Assert.Equal([("words", "words must list 2 to 20 words or phrases, not 1")], SynonymSet.Problems(["tee"], tokenizer));
        Assert.Equal("words", Assert.Single(SynonymSet.Problems(null, tokenizer)).Field);
        Assert.Equal("words", Assert.Single(SynonymSet.Problems([.. Enumerable.Range(0, 21).Select(static i => $"w{i}")], tokenizer)).Field);
        Assert.Equal(["words[1]", "words[2]", "words[3]"], SynonymSet.Problems(["tee", " ", "the", new string('a', 101)], tokenizer).Select(static p => p.Field));
        Assert.Contains("no word the search reads", SynonymSet.Problems(["tee", "the"], tokenizer)[0].Message, StringComparison.Ordinal);
        Assert.Equal("words", Assert.Single(SynonymSet.Problems(["tee", "Tees"], tokenizer)).Field);
        Assert.Throws<ArgumentException>(() => SearchSynonyms.Build([new SynonymSet(["tee"])]));

        var unstemmed = new TokenizerOptions(Stem: false);
        var index = ItemSearchIndex.Build(Shop, new ItemSearchOptions(Tokenizer: unstemmed));
        Assert.Throws<ArgumentException>(() => index.Search("tee", synonyms: Synonyms(new SynonymSet(["tee", "t-shirt"]))));
        Assert.Equal(2, index.Search("tee", synonyms: SearchSynonyms.Build([new SynonymSet(["tee", "t-shirt"])], unstemmed)).Hits.Count);
    }
}

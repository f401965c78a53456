using Penchant.Core.Data;
using Penchant.Core.Text;

namespace Penchant.Core.Tests.Text;

public sealed class ItemTextVectorizerTests
{
    private static readonly Item[] Catalog =
    [
        new("shoe1", "Trail running shoes", "Grippy trail shoes for muddy running", ["Sports", "Running", "Shoes"], "Stride", Tags: ["trail"]),
        new("shoe2", "Road running shoes", "Light cushioned shoes for road running", ["Sports", "Running", "Shoes"], "Stride"),
        new("tent", "Two person tent", "A light tent for camping trips", ["Outdoor", "Camping"], "Basecamp", Tags: ["camping"]),
        new("stove", "Camping stove", "Compact gas stove for camping", ["Outdoor", "Camping"], "Basecamp"),
        new("dress", "Summer floral dress", "A floral cotton dress", ["Women", "Dresses"], "Bloom"),
        new("zh1", "跑步鞋 男款", "轻便透气的跑步鞋", ["运动", "跑步"], "速跑"),
        new("zh2", "越野跑鞋", "防滑越野跑步鞋", ["运动", "跑步"], "速跑"),
        new("zh3", "连衣裙 夏季", "碎花连衣裙", ["女装", "连衣裙"], "花语"),
    ];

    [Theory]
    [InlineData(TermWeighting.Bm25)]
    [InlineData(TermWeighting.TfIdf)]
    public void Items_sharing_words_and_categories_are_most_similar(TermWeighting weighting)
    {
        var model = new ItemTextVectorizer(new ItemTextOptions(weighting)).Fit(Catalog);
        Assert.Equal(1, model.Similar(model.ItemVector(0), 1, exclude: 0)[0].Item);
        Assert.Equal(3, model.Similar(model.ItemVector(2), 1, exclude: 2)[0].Item);
        Assert.Equal(6, model.Similar(model.ItemVector(5), 1, exclude: 5)[0].Item);
        Assert.True(SparseVector.Cosine(model.ItemVector(0), model.ItemVector(1)) > SparseVector.Cosine(model.ItemVector(0), model.ItemVector(4)));
        for (var i = 0; i < model.ItemCount; i++)
        {
            Assert.Equal(1f, model.ItemVector(i).Norm(), 4);
        }
    }

    [Fact]
    public void A_new_item_with_only_text_finds_its_neighbours()
    {
        var model = new ItemTextVectorizer().Fit(Catalog);
        var query = model.Transform(new Item("new", "Ultralight camping tent"));
        Assert.Equal(2, model.Similar(query, 1)[0].Item);
        var zh = model.Transform("夏季碎花连衣裙");
        Assert.Equal(7, model.Similar(zh, 1)[0].Item);
    }

    [Fact]
    public void Keywords_show_the_distinctive_terms_in_readable_form()
    {
        var model = new ItemTextVectorizer().Fit(Catalog);
        var keywords = model.Keywords(4, 3);
        Assert.Equal(3, keywords.Count);
        Assert.Contains(keywords, k => k.Display == "floral");
        Assert.Contains(keywords, k => k.Display == "dress" || k.Display == "dresses");
        Assert.True(keywords[0].Weight >= keywords[1].Weight && keywords[1].Weight >= keywords[2].Weight);
    }

    [Fact]
    public void Shopper_keywords_follow_the_heavier_items()
    {
        var model = new ItemTextVectorizer().Fit(Catalog);
        var camper = model.ShopperKeywords([(2, 5f), (3, 5f), (4, 0.2f)], 1);
        Assert.Equal("camping", camper[0].Display);
        var runner = model.ShopperKeywords([(0, 3f), (1, 3f), (3, 0.5f)], 2);
        Assert.Contains(runner, k => k.Display is "running" or "shoes");
    }

    [Fact]
    public void Field_weights_change_what_counts()
    {
        // With only the brand field weighted, both Basecamp items match a Basecamp query equally well.
        var brandOnly = new ItemTextOptions(Fields: new TextFieldWeights(Title: 0, Description: 0, Category: 0, Brand: 1, Tags: 0));
        var model = new ItemTextVectorizer(brandOnly).Fit(Catalog);
        Assert.Equal(1f, SparseVector.Cosine(model.ItemVector(2), model.ItemVector(3)), 4);
        var full = new ItemTextVectorizer().Fit(Catalog);
        Assert.True(SparseVector.Cosine(full.ItemVector(2), full.ItemVector(3)) < 0.99f);
    }

    [Fact]
    public void Min_document_frequency_prunes_the_vocabulary()
    {
        var all = new ItemTextVectorizer().Fit(Catalog);
        var pruned = new ItemTextVectorizer(new ItemTextOptions(MinDocumentFrequency: 2)).Fit(Catalog);
        Assert.True(pruned.Terms.Count < all.Terms.Count);
        Assert.Equal(-1, pruned.IndexOf("floral"));
        Assert.True(pruned.IndexOf("camp") >= 0);
    }
}

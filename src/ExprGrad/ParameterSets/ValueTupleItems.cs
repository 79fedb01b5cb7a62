using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Reads the items of tuples that <see cref="ValueTuples.Make"/> built, through its nesting past seven.</summary>
internal static class ValueTupleItems
{
    /// <summary>Item <paramref name="index"/> of a tuple of <paramref name="count"/> items (one item is itself).</summary>
    public static Expression Item(Expression tuple, int index, int count)
    {
        if (count == 1) return tuple;
        for (; index >= 7; index -= 7) tuple = Expression.Field(tuple, "Rest");
        return Expression.Field(tuple, "Item" + (index + 1));
    }
}

using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Builds C# tuples as expressions, nesting past seven elements as the language does.</summary>
internal static class ValueTuples
{
    public static Type TypeOf(IReadOnlyList<Type> types)
    {
        if (types.Count == 1) return types[0];
        if (types.Count <= 7) return GenericFor(types.Count).MakeGenericType([.. types]);
        return typeof(ValueTuple<,,,,,,,>).MakeGenericType([.. types.Take(7), TypeOf1(types.Skip(7).ToArray())]);
    }

    /// <summary>One element stays itself; two or more become a tuple.</summary>
    public static Expression Make(IReadOnlyList<Expression> items)
    {
        if (items.Count == 1) return items[0];
        return MakeTuple(items);
    }

    /// <summary>Item <paramref name="index"/> (from 0) of a tuple built by <see cref="Make"/> of more than one item.</summary>
    public static Expression Item(Expression tuple, int index) =>
        index < 7 ? Expression.Field(tuple, "Item" + (index + 1)) : Item(Expression.Field(tuple, "Rest"), index - 7);

    private static Expression MakeTuple(IReadOnlyList<Expression> items)
    {
        if (items.Count <= 7)
        {
            var type = items.Count == 1 ? typeof(ValueTuple<>).MakeGenericType(items[0].Type) : TypeOf(items.Select(i => i.Type).ToArray());
            return Expression.New(type.GetConstructor(items.Select(i => i.Type).ToArray())!, items);
        }
        var rest = MakeTuple(items.Skip(7).ToArray());
        var outer = typeof(ValueTuple<,,,,,,,>).MakeGenericType([.. items.Take(7).Select(i => i.Type), rest.Type]);
        return Expression.New(outer.GetConstructors()[0], [.. items.Take(7), rest]);
    }

    // The eighth element of a C# tuple is itself a tuple, even when it holds one item.
    private static Type TypeOf1(IReadOnlyList<Type> types) =>
        types.Count == 1 ? typeof(ValueTuple<>).MakeGenericType(types[0]) : TypeOf(types);

    private static Type GenericFor(int arity) => arity switch
    {
        2 => typeof(ValueTuple<,>),
        3 => typeof(ValueTuple<,,>),
        4 => typeof(ValueTuple<,,,>),
        5 => typeof(ValueTuple<,,,,>),
        6 => typeof(ValueTuple<,,,,,>),
        7 => typeof(ValueTuple<,,,,,,>),
        _ => throw new ArgumentOutOfRangeException(nameof(arity)),
    };
}

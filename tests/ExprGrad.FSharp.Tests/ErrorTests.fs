/// An untranslatable construct raises a NotSupportedException naming it, never a NullReferenceException.
module ExprGrad.FSharp.Tests.ErrorTests

open System
open Xunit
open ExprGrad.FSharp

type Pair = { A: float; B: float }

let square (x: float) = x * x
let squareValue = fun (x: float) -> x * x

let private rejects (fragment: string) (build: unit -> obj) =
    let ex = Assert.ThrowsAny<NotSupportedException>(fun () -> build () |> ignore)
    Assert.Contains(fragment, ex.Message)

[<Fact>]
let ``loops name the loop and point to Ops`` () =
    rejects "'for' loop" (fun () -> box (grad <@ fun x -> let mutable s = 0.0 in (for _ in 1 .. 3 do s <- s + x); s @>))
    rejects "'while' loop" (fun () -> box (grad <@ fun x -> let mutable s = x in (while s < 10.0 do s <- s * 2.0); s @>))

[<Fact>]
let ``mutation, recursion, unions and records are named`` () =
    rejects "assignment to a mutable" (fun () -> box (grad <@ fun x -> let mutable s = x in s <- s * 2.0; s @>))
    rejects "'let rec'" (fun () -> box (grad <@ fun x -> let rec f n = if n <= 0.0 then x else f (n - 1.0) in f 2.0 @>))
    rejects "union case ('Some')" (fun () -> box (grad <@ fun (x: float) -> match Some x with Some v -> v | None -> 0.0 @>))
    rejects "record construction ('Pair')" (fun () -> box (grad <@ fun x -> let p = { A = x; B = x } in p.A * p.B @>))

[<Fact>]
let ``opaque F# functions are named with the fix`` () =
    rejects "square" (fun () -> box (grad <@ fun x -> square x @>))
    rejects "squareValue" (fun () -> box (grad <@ fun x -> squareValue x @>))

[<Fact>]
let ``a tuple input used as a whole is named`` () =
    rejects "tuple input used as a whole" (fun () -> box (grad <@ fun (p: float * float) -> fst p * snd p @>))

[<Fact>]
let ``an input type other than float, float[] and float[,] is an argument error`` () =
    let ex = Assert.Throws<ArgumentException>(fun () -> grad <@ fun (s: string) -> float s.Length @> |> ignore)
    Assert.Contains("System.String", ex.Message)
